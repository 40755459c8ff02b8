// The screen shown, from the URL hash (#/today, #/log, #/coordinator, #/reports, #/offsite, #/settings, #/pupil/<id>[/interview/<id> | /everything]), so the back button works.
import { useSyncExternalStore } from 'react';

export type Route = 'today' | 'log' | 'coordinator' | 'reports' | 'offsite' | 'settings' | 'pupil';

export interface PupilRoute {
  pupilId: string;
  interviewId: string | null;
  /** "Everything about this pupil": the subject access document. */
  everything: boolean;
}

const PUPIL = /^#\/pupil\/([a-z0-9-]{1,64})(?:\/interview\/([a-z0-9-]{1,64})|\/(everything))?$/;

function subscribe(onChange: () => void) {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function readRoute(): Route {
  const hash = window.location.hash;
  if (hash === '#/settings') return 'settings';
  if (hash === '#/coordinator') return 'coordinator';
  if (hash === '#/log') return 'log';
  if (hash === '#/reports') return 'reports';
  if (hash === '#/offsite') return 'offsite';
  return PUPIL.test(hash) ? 'pupil' : 'today';
}

// useSyncExternalStore needs a stable snapshot: the hash string itself, parsed by the caller.
const readHash = () => window.location.hash;

export const useRoute = (): Route => useSyncExternalStore(subscribe, readRoute);

/** True when the address names no screen: the device opens on its role's home screen. */
export const useNoScreenAsked = (): boolean => {
  const hash = useSyncExternalStore(subscribe, readHash);
  return hash === '' || hash === '#' || hash === '#/';
};

export function usePupilRoute(): PupilRoute | null {
  const hash = useSyncExternalStore(subscribe, readHash);
  const m = PUPIL.exec(hash);
  return m ? { pupilId: m[1]!, interviewId: m[2] ?? null, everything: m[3] === 'everything' } : null;
}

export const pupilHref = (pupilId: string) => `#/pupil/${pupilId}`;
export const interviewHref = (pupilId: string, interviewId: string) => `#/pupil/${pupilId}/interview/${interviewId}`;
export const everythingHref = (pupilId: string) => `#/pupil/${pupilId}/everything`;
