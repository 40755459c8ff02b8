// First run (or after an erase): the first member of staff protects the device with a PIN before any record is stored.
import { forgetErasure, lastErasure } from '../../lock/eraseDevice';
import type { KeyStore, Unlocked } from '../../lock/keyStore';
import { NewPinForm } from './NewPinForm';
import { erasureMessage } from './ErasedScreen';

/** "Tue 1 Dec, 14:05": house style for dates and 24-hour times. */
const erasedAtFormat: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hour12: false };

export function CreatePinScreen({ keys, onUnlocked }: { keys: KeyStore; onUnlocked(u: Unlocked): void }) {
  const erased = lastErasure();
  return (
    <main className="lock">
      <h1>Protect this device</h1>
      {erased && (
        <p className="banner info" role="status">
          {erasureMessage(erased.reason)} (erased {new Date(erased.at).toLocaleString('en-GB', erasedAtFormat)})
        </p>
      )}
      <p>
        Baseroom keeps pupils’ records on this device, encrypted. Choose a PIN of at least 6 digits, or better, a passphrase
        of at least 10 characters. You will need it every time Baseroom opens or locks. Other staff add their own PIN in
        Settings once the device is unlocked.
      </p>
      <NewPinForm
        label="Set a PIN for this device"
        submitLabel="Set PIN and continue"
        onPin={async (pin) => {
          const unlocked = await keys.createFirstPin(pin);
          forgetErasure();
          onUnlocked(unlocked);
        }}
      />
    </main>
  );
}
