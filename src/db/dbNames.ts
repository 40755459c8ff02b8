// Names of the device's databases (and UI choices), apart from their schema so the lock screen can erase them without loading Dexie's schema code.
// Each is this school's (src/sync/school.ts): the default school's keep their old names, another school's carry its id.
import { appSchool, schoolStorageName } from '../sync/school';

/** The device's records, every row sealed with the data key (src/lock/). */
export const DB_NAME = schoolStorageName('baseroom-sealed', appSchool);
/**
 * The plaintext database of versions before encryption at rest: migrated and deleted at the first unlock. Only the
 * default school ever had one; another school's name never finds the default school's.
 */
export const PLAINTEXT_DB_NAME = schoolStorageName('baseroom', appSchool);
/** The UI choices kept in localStorage (src/state/uiStore.ts), erased with the databases. */
export const UI_STATE_KEY = schoolStorageName('baseroom-ui', appSchool);
