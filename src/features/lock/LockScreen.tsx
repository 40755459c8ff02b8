// The first screen of a device with PINs: nothing about any pupil shows until a member of staff's PIN opens the data key.
import { useEffect, useState, type FormEvent } from 'react';
import { LockedOutError, TooSoonError, type KeyStore, type Unlocked } from '../../lock/keyStore';
import { WrongPinError } from '../../lock/pinKeys';
import { triesLeft, WRONG_PIN_RULE } from '../../lock/throttle';
import { formatTime } from './formatTime';

const tooSoon = (notBefore: number) => `Too many wrong PINs. Try again at ${formatTime(notBefore)}.`;

export function LockScreen({ keys, onUnlocked, onLockedOut }: { keys: KeyStore; onUnlocked(u: Unlocked): void; onLockedOut(): void }) {
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // A wait earned before a reload still applies: say so at once rather than after the next try.
  useEffect(() => {
    void keys.attempts().then(({ notBefore }) => {
      if (notBefore > Date.now()) setError(tooSoon(notBefore));
    });
  }, [keys]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!pin) return setError('Enter your PIN or passphrase.');
    setBusy(true);
    setError(null);
    try {
      onUnlocked(await keys.unlock(pin));
    } catch (err) {
      setPin('');
      if (err instanceof LockedOutError) return onLockedOut();
      if (err instanceof TooSoonError) setError(tooSoon(err.notBefore));
      else if (err instanceof WrongPinError) {
        const attempts = await keys.attempts();
        const left = triesLeft(attempts);
        const wait = attempts.notBefore > Date.now() ? ` Next try at ${formatTime(attempts.notBefore)}.` : '';
        setError(`That PIN or passphrase is not right. ${left} ${left === 1 ? 'try' : 'tries'} left before this device erases its data.${wait}`);
      } else setError(`Could not unlock: ${String(err)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="lock">
      <h1>Baseroom is locked</h1>
      <p>Enter your PIN or passphrase to open this device’s records.</p>
      <p className="muted">{WRONG_PIN_RULE}</p>
      <form aria-label="Unlock Baseroom" onSubmit={(e) => void submit(e)} className="row wrap">
        <label className="grow">
          PIN or passphrase
          <input type="password" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value)} autoFocus />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
      </form>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
