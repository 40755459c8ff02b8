// How the coordinator's device list words a device's last contact and the relay's refusals.
import { RelayApiError } from '../../sync/relayApi';
import { clockTime } from '../../sync/status';

/** "Mon 23 Nov, 15:42" in the device's time zone; today's contacts show the time only. */
export function lastContact(at: number | null, now = new Date()): string {
  if (at === null) return 'No contact yet';
  const when = new Date(at);
  const sameDay = when.toDateString() === now.toDateString();
  const day = when.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' });
  return `Last contact ${sameDay ? 'today' : day} at ${clockTime(when)}`;
}

export function relayProblem(err: unknown): string {
  if (err instanceof RelayApiError) {
    if (err.reason === 'no-connection') return 'Cannot reach the school relay. Connect to the school’s network and try again.';
    if (err.reason === 'coordinators-only' || err.reason === 'unauthorised') return 'The school relay does not accept this device as a coordinator’s.';
    if (err.reason === 'own-device') return 'This is the device you are using: sign it out from Settings instead.';
  }
  return 'The school relay could not do that. Try again.';
}

