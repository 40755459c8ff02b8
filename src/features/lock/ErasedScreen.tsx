// Shown when the device has just erased everything it held: signed out by the school, or too many wrong PINs.
import type { EraseReason } from '../../lock/eraseDevice';

export function erasureMessage(reason: EraseReason): string {
  return reason === 'revoked'
    ? 'The school signed this device out, so Baseroom erased every record it held here. Nothing more was sent to the school relay.'
    : 'Too many wrong PINs were tried, so Baseroom erased every record it held here.';
}

export function ErasedScreen({ reason }: { reason: EraseReason }) {
  return (
    <main className="lock">
      <h1>This device has been erased</h1>
      <p role="alert">{erasureMessage(reason)}</p>
      <p>Ask a coordinator to pair it again. Records already on the school relay are safe there.</p>
      <button type="button" className="primary" onClick={() => window.location.reload()}>
        Start again
      </button>
    </main>
  );
}
