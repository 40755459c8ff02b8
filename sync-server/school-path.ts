// Which school a request is for: `/schools/<school>/…` names one; every other path is the default school's, exactly
// as a single school's relay has always answered it (`/sync/<doc>`, `/api/…`). The app reads its own address the
// same way (src/sync/school.ts), so this file imports nothing but document-name rules.
import { isValidId } from './doc-names.js';

/** The school a relay serves when none is named (a single school's relay, as today). */
export const defaultSchool = 'default';

const prefix = '/schools/';

/** The school and the path within it, or null when the path names a school with an id that cannot be one. */
export function splitSchoolPath(pathname: string): { school: string; rest: string } | null {
  if (!pathname.startsWith(prefix)) return { school: defaultSchool, rest: pathname };
  const end = pathname.indexOf('/', prefix.length);
  const school = pathname.slice(prefix.length, end === -1 ? undefined : end);
  if (end === -1 || !isValidId(school)) return null;
  return { school, rest: pathname.slice(end) };
}

/** The path a school's app and relay routes live under: '' for the default school, else `/schools/<school>`. */
export function schoolBasePath(school: string): string {
  return school === defaultSchool ? '' : `${prefix}${school}`;
}

/**
 * The path within the built app that a path of the app answers: `/schools/<school>/x` → `/x` (every school gets the
 * same files; the app finds its school from its own address), any other path as it is.
 */
export function appPath(pathname: string): string {
  return splitSchoolPath(pathname)?.rest ?? pathname;
}

