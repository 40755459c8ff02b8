// Which school this copy of the app is for, from its own address: `/schools/<school>/…` on a trust's relay, every other
// path the default school's (a one-school relay, exactly as before). The school decides every relay path the app calls
// and the names of everything it keeps on the device.
import { defaultSchool, schoolBasePath, splitSchoolPath } from '../../sync-server/school-path';

export { schoolBasePath };
/** The school of a one-school relay, and of a trust relay's paths without `/schools/<school>/`. */
export const DEFAULT_SCHOOL = defaultSchool;

/**
 * The school an app address is for, read as the relay reads it: the default school unless the path starts
 * `/schools/<school>/`; null when it starts `/schools/` but names no school a relay can serve (no trailing slash, or an
 * ill-formed id, not percent-decoded).
 */
export function schoolFromPath(pathname: string): string | null {
  return splitSchoolPath(pathname)?.school ?? null;
}

/**
 * The name of a database or localStorage key for one school's data on this browser profile: the default school keeps
 * the name devices have always used (they lose nothing); another school's carries its id after a `@`, which no school
 * id contains, so two schools' names never meet.
 */
export function schoolStorageName(name: string, school: string): string {
  return school === DEFAULT_SCHOOL ? name : `${name}@${school}`;
}

/** The address of the school's web manifest (its start_url and scope are relative, so it opens this school's app). */
export function schoolManifestPath(school: string): string {
  return `${schoolBasePath(school)}/manifest.webmanifest`;
}

/**
 * The school of the page running this code, read once at start (null for an ill-formed `/schools/…` address, where
 * the app does not start). Outside a browser (unit tests) it is the default school.
 */
export const pageSchool: string | null = schoolFromPath(globalThis.location?.pathname ?? '/');

/** The school whose names and paths the app uses: the page's, or the default where the app refuses to start anyway. */
export const appSchool: string = pageSchool ?? DEFAULT_SCHOOL;
