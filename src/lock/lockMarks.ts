// User Timing names for benchmarks and DevTools: when a PIN opened the data key, and how long sealing and opening rows took.

export const UNLOCKED_MARK = 'baseroom:unlocked';
/** One measure per write request: the time spent sealing its rows. */
export const SEAL_MEASURE = 'baseroom:seal';
/** One measure per read request (get, getMany, query): the time spent opening its rows. */
export const OPEN_MEASURE = 'baseroom:open';
