import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LockScreen } from './LockScreen';
import { KeyStore } from '../../lock/keyStore';

describe('LockScreen', () => {
  it('refuses wrong PINs with the tries left, then makes everyone wait, even with the right PIN', async () => {
    const user = userEvent.setup();
    const keys = new KeyStore(`lock-screen-${Math.random()}`, 1_000);
    await keys.createFirstPin('246810');
    const onUnlocked = vi.fn();
    render(<LockScreen keys={keys} onUnlocked={onUnlocked} onLockedOut={vi.fn()} />);
    // Said before the first try, not found out at the tenth.
    expect(screen.getByText(/^After 3 wrong PINs in a row/)).toHaveTextContent(/After 10 wrong PINs in a row this device erases every record it holds/);
    const pin = screen.getByLabelText('PIN or passphrase');
    const unlock = screen.getByRole('button', { name: 'Unlock' });

    await user.type(pin, '000000');
    await user.click(unlock);
    expect(await screen.findByRole('alert')).toHaveTextContent('That PIN or passphrase is not right. 9 tries left before this device erases its data.');
    for (let i = 0; i < 2; i++) {
      await user.type(pin, '000000');
      await user.click(unlock);
      await screen.findByText(new RegExp(`${8 - i} tries? left`));
    }
    expect(screen.getByRole('alert')).toHaveTextContent(/7 tries left before this device erases its data\. Next try at \d\d:\d\d:\d\d\.$/);
    await user.type(pin, '246810');
    await user.click(unlock);
    expect(await screen.findByRole('alert')).toHaveTextContent(/^Too many wrong PINs\. Try again at \d\d:\d\d:\d\d\.$/);
    expect(onUnlocked).not.toHaveBeenCalled();
  });

  it('opens with the right PIN', async () => {
    const user = userEvent.setup();
    const keys = new KeyStore(`lock-screen-${Math.random()}`, 1_000);
    const { dataKey } = await keys.createFirstPin('246810');
    const onUnlocked = vi.fn();
    render(<LockScreen keys={keys} onUnlocked={onUnlocked} onLockedOut={vi.fn()} />);
    await user.type(screen.getByLabelText('PIN or passphrase'), '246810');
    await user.click(screen.getByRole('button', { name: 'Unlock' }));
    await vi.waitFor(() => expect(onUnlocked).toHaveBeenCalledWith(expect.objectContaining({ dataKey })));
  });
});
