// Set-up says what is missing beside "Finish set-up" and moves focus to the field to fill in.
import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SetupScreen } from './SetupScreen';
import { makeServices, withServices } from '../../../tests/fixtures/services';

let dispose: (() => void) | undefined;
afterEach(() => dispose?.());

describe('SetupScreen', () => {
  it('puts the first missing part next to the button and focuses its field', async () => {
    const user = userEvent.setup();
    const services = makeServices();
    dispose = services.dispose;
    render(<SetupScreen school={null} />, { wrapper: withServices(services) });
    const finish = await screen.findByRole('button', { name: 'Finish set-up' });
    await waitFor(() => expect(finish).toBeEnabled());
    await user.click(finish);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Enter the school’s name first: see above.');
    expect(finish.parentElement).toContainElement(alert);
    expect(document.activeElement).toBe(screen.getByLabelText('School name'));
  });
});
