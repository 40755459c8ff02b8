// Opens the app only with a PIN: first run sets one, later starts unlock; lock, idle and remote sign-out close it again.
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { UpdatePrompt } from './UpdatePrompt';
import { ServicesProvider } from './services';
import { DeviceLockContext, type DeviceLock } from './deviceLock';
import type { RunningServices } from './startServices';
import { eraseDevice, type EraseReason } from '../lock/eraseDevice';
import type { KeyStore, Unlocked } from '../lock/keyStore';
import { LockScreen } from '../features/lock/LockScreen';
import { CreatePinScreen } from '../features/lock/CreatePinScreen';
import { ErasedScreen } from '../features/lock/ErasedScreen';
import { UNLOCKED_MARK } from '../lock/lockMarks';

// The records' code (Yjs, the database schema, every screen) is not needed to show the lock screen: it loads while the PIN is typed.
const loadApp = () => import('./App');
const loadServices = () => import('./startServices');
const App = lazy(() => loadApp().then((m) => ({ default: m.App })));

type Gate =
  | { kind: 'checking' }
  | { kind: 'new-device' }
  | { kind: 'locked' }
  | { kind: 'opening' }
  | { kind: 'unlocked'; services: RunningServices; dataKey: Uint8Array }
  | { kind: 'erased'; reason: EraseReason }
  | { kind: 'failed'; message: string };

export function DeviceGate({ keys }: { keys: KeyStore }) {
  const [gate, setGate] = useState<Gate>({ kind: 'checking' });
  const running = useRef<RunningServices | null>(null);

  useEffect(() => {
    void keys.hasPins().then((has) => setGate(has ? { kind: 'locked' } : { kind: 'new-device' }));
  }, [keys]);

  // Fetch the records' code once the PIN box is on screen, while the PIN is typed, not before the box appears.
  // A new device (a first visit: the network busy, the service worker precaching) waits for the first touch or key
  // of the PIN set-up, which takes two entries of the PIN, so the screen is usable sooner.
  const waitingForPin = gate.kind === 'locked' || gate.kind === 'new-device';
  const onFirstInput = gate.kind === 'new-device';
  useEffect(() => {
    if (!waitingForPin) return;
    const load = () => void Promise.all([loadApp(), loadServices()]);
    if (onFirstInput) {
      const events = ['pointerdown', 'keydown', 'focusin'] as const;
      const once = () => {
        events.forEach((e) => window.removeEventListener(e, once, true));
        load();
      };
      events.forEach((e) => window.addEventListener(e, once, true));
      return () => events.forEach((e) => window.removeEventListener(e, once, true));
    }
    const timer = setTimeout(load, 0);
    return () => clearTimeout(timer);
  }, [waitingForPin, onFirstInput]);

  const erase = useCallback(
    async (reason: EraseReason) => {
      const services = running.current;
      running.current = null;
      await services?.stop();
      keys.close();
      await eraseDevice(reason);
      setGate({ kind: 'erased', reason });
    },
    [keys],
  );

  const open = useCallback(
    async ({ dataKey }: Unlocked) => {
      setGate({ kind: 'opening' });
      performance.mark(UNLOCKED_MARK);
      try {
        const { startServices } = await loadServices();
        const services = await startServices(dataKey, () => void erase('revoked'));
        running.current = services;
        setGate({ kind: 'unlocked', services, dataKey });
      } catch (err) {
        setGate({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
      }
    },
    [erase],
  );

  const dataKey = gate.kind === 'unlocked' ? gate.dataKey : null;
  const lock = useMemo<DeviceLock | null>(
    () =>
      dataKey && {
        // A reload drops every decrypted record and the data key from memory; the page opens on the lock screen.
        lockNow: () => {
          const services = running.current;
          running.current = null;
          void (services?.stop() ?? Promise.resolve()).finally(() => window.location.reload());
        },
        addPin: (pin) => keys.addPin(dataKey, pin),
        pinCount: () => keys.pinCount(),
      },
    [dataKey, keys],
  );

  let screen: ReactNode;
  switch (gate.kind) {
    case 'checking':
    case 'opening':
      screen = <p aria-busy="true">Opening Baseroom…</p>;
      break;
    case 'new-device':
      screen = <CreatePinScreen keys={keys} onUnlocked={(u) => void open(u)} />;
      break;
    case 'locked':
      screen = <LockScreen keys={keys} onUnlocked={(u) => void open(u)} onLockedOut={() => void erase('too-many-pins')} />;
      break;
    case 'erased':
      screen = <ErasedScreen reason={gate.reason} />;
      break;
    case 'failed':
      screen = (
        <main className="lock">
          <h1>Baseroom could not open</h1>
          <p role="alert">The PIN was right, but this device’s records could not be opened ({gate.message}). Reload to try again.</p>
        </main>
      );
      break;
    case 'unlocked':
      screen = (
        <DeviceLockContext.Provider value={lock}>
          <ServicesProvider services={gate.services}>
            <Suspense fallback={<p aria-busy="true">Opening Baseroom…</p>}>
              <App />
            </Suspense>
          </ServicesProvider>
        </DeviceLockContext.Provider>
      );
  }
  // The service worker registers (and offers updates) on the lock screen too: the app must load offline before any PIN.
  return (
    <>
      <UpdatePrompt />
      {screen}
    </>
  );
}
