// Opens the app only with a PIN: first run sets one, later starts unlock; lock, idle and remote sign-out close it again.
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { UpdatePrompt } from './UpdatePrompt';
import { ServicesProvider } from './services';
import { DeviceLockContext, type DeviceLock } from './deviceLock';
import type { RunningServices } from './startServices';
import { eraseDevice, type EraseReason } from '../lock/eraseDevice';
import { watchForErasure } from '../lock/eraseCheck';
import type { KeyStore, Unlocked } from '../lock/keyStore';
import { LockScreen } from '../features/lock/LockScreen';
import { CreatePinScreen } from '../features/lock/CreatePinScreen';
import { ErasedScreen } from '../features/lock/ErasedScreen';
import { UNLOCKED_MARK } from '../lock/lockMarks';
import { appSchool, schoolStorageName } from '../sync/school';
import { useCoverWhenHidden } from './coverWhenHidden';

// The records' code (Yjs, the database schema, every screen) is not needed to show the lock screen: it loads while the PIN is typed.
const loadApp = () => import('./App');
const loadServices = () => import('./startServices');
type AppComponent = Awaited<ReturnType<typeof loadApp>>['App'];

/** Every Baseroom tab of this school on the device hears when one locks or erases, and does the same. */
const TABS_CHANNEL = schoolStorageName('baseroom-lock', appSchool);
type TabsMessage = { kind: 'lock' } | { kind: 'erased'; reason: EraseReason };

type Gate =
  | { kind: 'checking' }
  | { kind: 'new-device' }
  | { kind: 'locked' }
  | { kind: 'opening' }
  | { kind: 'locking' }
  | { kind: 'unlocked'; services: RunningServices; dataKey: Uint8Array; App: AppComponent }
  | { kind: 'erased'; reason: EraseReason }
  | { kind: 'failed'; message: string };

export function DeviceGate({ keys }: { keys: KeyStore }) {
  const [gate, setGate] = useState<Gate>({ kind: 'checking' });
  const running = useRef<RunningServices | null>(null);
  /** The key slot (a member of staff's PIN) this tab was unlocked with. */
  const slot = useRef<string | null>(null);
  useCoverWhenHidden();

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
    const load = () => void Promise.all([loadApp().then((m) => m.preloadHomeScreens()), loadServices()]).catch(() => undefined);
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

  const tabs = useRef<BroadcastChannel | null>(null);
  const tellTabs = (message: TabsMessage) => tabs.current?.postMessage(message);

  /**
   * Locks this tab: the records leave the screen at once, then a reload drops every decrypted record and the data
   * key from memory, and the page opens on the lock screen.
   */
  const locking = useRef(false);
  const lockHere = useCallback(() => {
    // Once: a touch is several events (pointerdown, touchstart), and a second call must not reload before the first
    // has let the documents' last writes finish.
    if (locking.current) return;
    locking.current = true;
    setGate({ kind: 'locking' });
    const services = running.current;
    running.current = null;
    void (services?.stop() ?? Promise.resolve()).finally(() => window.location.reload());
  }, []);

  /** Closes this tab's records without erasing (another tab of this device is erasing them). */
  const closeHere = useCallback(async () => {
    const services = running.current;
    running.current = null;
    await services?.stop().catch(() => undefined);
    keys.close();
  }, [keys]);

  const erase = useCallback(
    async (reason: EraseReason) => {
      // The other tabs close their copies first: open connections would hold the deletion up.
      tellTabs({ kind: 'erased', reason });
      await closeHere();
      await eraseDevice(reason);
      setGate({ kind: 'erased', reason });
    },
    [closeHere],
  );

  useEffect(() => {
    if (!('BroadcastChannel' in window)) return;
    const channel = new BroadcastChannel(TABS_CHANNEL);
    channel.onmessage = ({ data }: MessageEvent<TabsMessage>) => {
      // Only an unlocked tab has records to hide: a tab on the lock screen keeps the PIN someone is typing.
      if (data.kind === 'lock' && running.current) lockHere();
      else if (data.kind === 'erased') void closeHere().then(() => setGate({ kind: 'erased', reason: data.reason }));
    };
    tabs.current = channel;
    return () => {
      tabs.current = null;
      channel.close();
    };
  }, [lockHere, closeHere]);

  // Signed out by the school while locked (or offline then): erase without waiting for a PIN that may never come.
  const locked = gate.kind === 'locked';
  useEffect(() => (locked ? watchForErasure(() => void erase('revoked')) : undefined), [locked, erase]);

  // A page brought back from the back/forward cache (Back after leaving Baseroom) still holds what it showed: lock it.
  useEffect(() => {
    const restored = (e: PageTransitionEvent) => e.persisted && lockHere();
    window.addEventListener('pageshow', restored);
    return () => window.removeEventListener('pageshow', restored);
  }, [lockHere]);

  const open = useCallback(
    async ({ dataKey, slotId }: Unlocked) => {
      slot.current = slotId;
      setGate({ kind: 'opening' });
      performance.mark(UNLOCKED_MARK);
      try {
        // The app's module itself, not React.lazy: a lazy component suspends on its first render even when its code
        // loaded while the PIN was typed, and React holds back the reveal after a Suspense fallback for 300 ms (its
        // fallback throttle): idle time on every unlock.
        const [{ startServices }, { App }] = await Promise.all([loadServices(), loadApp()]);
        const services = await startServices(dataKey, () => void erase('revoked'));
        running.current = services;
        setGate({ kind: 'unlocked', services, dataKey, App });
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
        lockNow: () => {
          tellTabs({ kind: 'lock' });
          lockHere();
        },
        lockIdle: lockHere,
        addPin: (pin) => keys.addPin(dataKey, pin),
        changePin: async (pin) => {
          slot.current = await keys.changePin(dataKey, slot.current ?? '', pin);
        },
        removeOtherPins: () => keys.removeOtherPins(slot.current ?? ''),
        pinCount: () => keys.pinCount(),
      },
    [dataKey, keys, lockHere],
  );

  let screen: ReactNode;
  switch (gate.kind) {
    case 'checking':
    case 'opening':
      screen = <p aria-busy="true">Opening Baseroom…</p>;
      break;
    case 'locking':
      screen = <p aria-busy="true">Locking Baseroom…</p>;
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
    case 'unlocked': {
      const { App } = gate;
      screen = (
        <DeviceLockContext.Provider value={lock}>
          <ServicesProvider services={gate.services}>
            <App />
          </ServicesProvider>
        </DeviceLockContext.Provider>
      );
      break;
    }
  }
  // The service worker registers (and offers updates) on the lock screen too: the app must load offline before any PIN.
  return (
    <>
      <UpdatePrompt />
      {screen}
    </>
  );
}
