// Names of the device's databases, apart from their schema so the lock screen can erase them without loading Dexie's schema code.

/** The device's records, every row sealed with the data key (src/lock/). */
export const DB_NAME = 'baseroom-sealed';
/** The plaintext database of versions before encryption at rest: migrated and deleted at the first unlock. */
export const PLAINTEXT_DB_NAME = 'baseroom';
