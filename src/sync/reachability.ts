// Whether the school server answers right now: polled on /healthz and on the browser's online/offline events.
import { useEffect, useState } from 'react';

export type Reachability = 'checking' | 'online' | 'offline';

const POLL_MS = 15_000;

export async function probeServer(signal?: AbortSignal): Promise<boolean> {
  try {
    const res = await fetch('/healthz', { cache: 'no-store', signal });
    return res.ok;
  } catch {
    return false;
  }
}

export function useReachability(): Reachability {
  const [state, setState] = useState<Reachability>('checking');
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();
    const check = async () => {
      clearTimeout(timer);
      const ok = navigator.onLine && (await probeServer(controller.signal));
      if (controller.signal.aborted) return;
      setState(ok ? 'online' : 'offline');
      timer = setTimeout(check, POLL_MS);
    };
    const onOffline = () => setState('offline');
    const onOnline = () => void check();
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    void check();
    return () => {
      controller.abort();
      clearTimeout(timer);
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
    };
  }, []);
  return state;
}
