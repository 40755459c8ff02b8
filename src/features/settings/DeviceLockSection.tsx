// Settings for the lock: how many idle minutes before every device locks (a school setting), and more staff PINs here.
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { useCommand, useSchoolDoc } from '../../app/hooks';
import { useDeviceLock } from '../../app/deviceLock';
import { setLockAfterMinutes } from '../../docs/schoolDoc';
import { lockAfterSchema } from '../../domain/school';
import { NewPinForm } from '../lock/NewPinForm';
import { WRONG_PIN_RULE } from '../../lock/throttle';

type LockAfterInput = z.input<typeof lockAfterSchema>;

function LockAfterForm({ minutes }: { minutes: number }) {
  const doc = useSchoolDoc();
  const run = useCommand();
  const { register, handleSubmit, formState } = useForm<LockAfterInput, unknown, z.output<typeof lockAfterSchema>>({
    resolver: zodResolver(lockAfterSchema),
    values: { minutes },
  });
  const error = formState.errors.minutes?.message;
  return (
    <form className="row wrap" aria-label="Lock when idle" onSubmit={handleSubmit((v) => doc && run((a) => setLockAfterMinutes(doc, v.minutes, a)))}>
      <label>
        Lock after this many idle minutes (every device)
        <input type="number" min={1} max={60} {...register('minutes')} aria-invalid={error ? true : undefined} />
      </label>
      <button type="submit" disabled={!doc}>
        Save lock time
      </button>
      {error && <p className="field-error" role="alert">{error}</p>}
    </form>
  );
}

export function DeviceLockSection({ lockAfterMinutes, canChangeLockTime = true }: { lockAfterMinutes: number; canChangeLockTime?: boolean }) {
  const lock = useDeviceLock();
  const [pins, setPins] = useState<number | null>(null);
  /** Flipped whenever the PINs on the device change, to count them again. */
  const [pinsChanged, setPinsChanged] = useState(false);
  const [changed, setChanged] = useState(false);
  const [removing, setRemoving] = useState<'ask' | 'busy' | null>(null);
  const [removed, setRemoved] = useState<number | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const removeOthers = async () => {
    if (!lock) return;
    setRemoving('busy');
    setRemoveError(null);
    try {
      setRemoved(await lock.removeOtherPins());
      setPinsChanged((c) => !c);
    } catch (err) {
      setRemoveError(`No PIN was removed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setRemoving(null);
    }
  };
  const others = pins === null ? 0 : pins - 1;
  useEffect(() => {
    void lock?.pinCount().then(setPins);
  }, [lock, pinsChanged]);
  return (
    <>
      {canChangeLockTime ? (
        <LockAfterForm minutes={lockAfterMinutes} />
      ) : (
        <p>Locks after {lockAfterMinutes} {lockAfterMinutes === 1 ? 'minute' : 'minutes'} without a touch (the school’s coordinator sets this).</p>
      )}
      {lock && (
        <>
          <p>{pins === null ? 'Counting PINs…' : `${pins} ${pins === 1 ? 'PIN opens' : 'PINs open'} this device.`} Each member of staff who uses it adds their own.</p>
          <p>{WRONG_PIN_RULE}</p>
          <NewPinForm
            label="Change the PIN you unlocked with"
            submitLabel="Change PIN"
            onPin={async (pin) => {
              await lock.changePin(pin);
              setChanged(true);
            }}
          />
          {changed && <p role="status">PIN changed: the old one no longer opens this device.</p>}
          {others > 0 && removing === null && (
            <button type="button" onClick={() => setRemoving('ask')}>
              Remove the other {others === 1 ? 'PIN' : `${others} PINs`}
            </button>
          )}
          {removing !== null && (
            <div className="row wrap" role="group" aria-label="Remove the other PINs">
              <p>
                Only the PIN you unlocked with will open this device. Staff who still use it add theirs again (for someone who has left, that
                is the point).
              </p>
              <button type="button" className="primary" disabled={removing === 'busy'} onClick={() => void removeOthers()}>
                Yes, remove them
              </button>
              <button type="button" disabled={removing === 'busy'} onClick={() => setRemoving(null)}>
                Keep them
              </button>
            </div>
          )}
          {removeError && (
            <p className="field-error" role="alert">
              {removeError}
            </p>
          )}
          {removed !== null && <p role="status">Removed {removed === 1 ? '1 PIN' : `${removed} PINs`}: only yours opens this device now.</p>}
          <NewPinForm
            label="Add your PIN"
            submitLabel="Add PIN"
            onPin={async (pin) => {
              await lock.addPin(pin);
              setPinsChanged((c) => !c);
            }}
          />
        </>
      )}
    </>
  );
}
