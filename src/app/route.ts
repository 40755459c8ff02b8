// The screen shown, from the URL hash (#/today, #/settings), so the browser's back button works.
import { useSyncExternalStore } from 'react';

export type Route = 'today' | 'settings';

function read(): Route {
  return window.location.hash === '#/settings' ? 'settings' : 'today';
}

function subscribe(onChange: () => void) {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export const useRoute = (): Route => useSyncExternalStore(subscribe, read);
