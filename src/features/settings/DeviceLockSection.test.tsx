import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DeviceLockContext, type DeviceLock } from '../../app/deviceLock';
import { DeviceLockSection } from './DeviceLockSection';

describe('Settings: this device’s lock', () => {
  it('says what wrong PINs lead to: longer waits after 3, and erasing the device after 10', async () => {
    const lock: DeviceLock = { lockNow: vi.fn(), lockIdle: vi.fn(), addPin: vi.fn(), changePin: vi.fn(), removeOtherPins: vi.fn(), pinCount: vi.fn(async () => 2) };
    render(
      <DeviceLockContext.Provider value={lock}>
        <DeviceLockSection lockAfterMinutes={5} canChangeLockTime={false} />
      </DeviceLockContext.Provider>,
    );
    await screen.findByText(/2 PINs open this device\./);
    expect(screen.getByText(/^After 3 wrong PINs in a row, each further try waits longer \(30 seconds, then twice as long each time\)\./)).toHaveTextContent(
      'After 10 wrong PINs in a row this device erases every record it holds and must be paired again; records already on the school relay are safe there.',
    );
  });

  it('removes the other PINs only once asked twice, and says how many went', async () => {
    const user = userEvent.setup();
    let pins = 3;
    const lock: DeviceLock = {
      lockNow: vi.fn(), lockIdle: vi.fn(), addPin: vi.fn(), changePin: vi.fn(),
      removeOtherPins: vi.fn(async () => { const gone = pins - 1; pins = 1; return gone; }),
      pinCount: vi.fn(async () => pins),
    };
    render(
      <DeviceLockContext.Provider value={lock}>
        <DeviceLockSection lockAfterMinutes={5} canChangeLockTime={false} />
      </DeviceLockContext.Provider>,
    );
    await user.click(await screen.findByRole('button', { name: 'Remove the other 2 PINs' }));
    await user.click(screen.getByRole('button', { name: 'Keep them' }));
    expect(lock.removeOtherPins).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Remove the other 2 PINs' }));
    await user.click(screen.getByRole('button', { name: 'Yes, remove them' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Removed 2 PINs: only yours opens this device now.');
    await screen.findByText(/^1 PIN opens this device\./);
    expect(screen.queryByRole('button', { name: /^Remove the other/ })).toBeNull();
  });

  it('says so, and removes nothing, when the PIN it was unlocked with is gone', async () => {
    const user = userEvent.setup();
    const lock: DeviceLock = {
      lockNow: vi.fn(), lockIdle: vi.fn(), addPin: vi.fn(), changePin: vi.fn(),
      removeOtherPins: vi.fn(async () => { throw new Error('The PIN this device was unlocked with is no longer on it.'); }),
      pinCount: vi.fn(async () => 2),
    };
    render(
      <DeviceLockContext.Provider value={lock}>
        <DeviceLockSection lockAfterMinutes={5} canChangeLockTime={false} />
      </DeviceLockContext.Provider>,
    );
    await user.click(await screen.findByRole('button', { name: 'Remove the other PIN' }));
    await user.click(screen.getByRole('button', { name: 'Yes, remove them' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('No PIN was removed: The PIN this device was unlocked with is no longer on it.');
    expect(screen.getByText(/^2 PINs open this device\./)).toBeInTheDocument();
  });
});
