// A PIN or passphrase typed twice, checked for strength before anything slow happens.
import { useState, type FormEvent } from 'react';
import { checkPinStrength, WeakPinError } from '../../lock/pinKeys';

export function NewPinForm({ label, submitLabel, onPin }: { label: string; submitLabel: string; onPin(pin: string): Promise<void> }) {
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      checkPinStrength(pin);
      if (pin !== again) return setError('The two entries are not the same.');
      setBusy(true);
      await onPin(pin);
      setPin('');
      setAgain('');
    } catch (err) {
      setError(err instanceof WeakPinError ? err.message : `Could not set the PIN: ${String(err)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form aria-label={label} onSubmit={(e) => void submit(e)} className="row wrap">
      <label className="grow">
        New PIN or passphrase
        <input type="password" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value)} />
      </label>
      <label className="grow">
        Type it again
        <input type="password" autoComplete="off" value={again} onChange={(e) => setAgain(e.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Setting…' : submitLabel}
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
