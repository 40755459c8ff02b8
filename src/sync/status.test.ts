// Sync status reduction and wording, as a table.
import { describe, expect, it } from 'vitest';
import { describeDocument, describeSyncStatus, describeWaiting, reduceSyncStatus, type DocLabels, type DocSyncState, type SyncInputs, type SyncStatus } from './status';

const at = new Date('2026-11-23T15:42:10Z');
const later = new Date('2026-11-23T16:10:00Z');
const doc = (connection: DocSyncState['connection'], safe: boolean): DocSyncState => ({ name: 'x', connection, safe });
const paired = (docs: DocSyncState[], outOfScope = 0): SyncInputs => ({ paired: true, needsPairing: null, docs, outOfScope });

describe('reduceSyncStatus', () => {
  it.each<[string, SyncInputs, SyncStatus]>([
    ['not paired', { paired: false, needsPairing: null, docs: [], outOfScope: 0 }, { kind: 'not-paired' }],
    ['needs pairing wins over everything', { paired: true, needsPairing: 'revoked', docs: [doc('connected', true)], outOfScope: 0 }, { kind: 'needs-pairing', reason: 'revoked' }],
    ['never all safe while stored documents are still opening', { ...paired([doc('offline', true)]), loading: true }, { kind: 'connecting', unsynced: 0 }],
    ['all documents safe', paired([doc('connected', true), doc('offline', true)]), { kind: 'all-safe', since: at }],
    ['safe in scope, but holding another room’s changes', paired([doc('connected', true)], 2), { kind: 'out-of-scope', documents: 2 }],
    ['unsynced counts before out of scope', paired([doc('connected', false)], 2), { kind: 'syncing', unsynced: 1 }],
    ['one connected, one unsafe', paired([doc('connected', false), doc('connected', true)]), { kind: 'syncing', unsynced: 1 }],
    ['unsafe while still connecting', paired([doc('connecting', false), doc('offline', false)]), { kind: 'connecting', unsynced: 2 }],
    ['waiting for a place in the pool while the live ones are offline', paired([doc('offline', false), doc('idle', false)]), { kind: 'offline', unsynced: 2, since: at }],
    ['everything acknowledged, but the relay cannot be reached now: not "safe"', { ...paired([doc('offline', true), doc('idle', true)]), unreachableSince: later }, { kind: 'offline', unsynced: 0, since: later, lastSafe: null }],
    ['waiting for a place in the pool while others sync', paired([doc('connected', true), doc('idle', false)]), { kind: 'syncing', unsynced: 1 }],
    ['a refused document is not "syncing" forever: the rest is safe, and the refusal is said',
      paired([{ ...doc('idle', false), refused: 'not-permitted:pupils' }, doc('connected', true)]), { kind: 'refused', documents: 1, reason: 'not-permitted:pupils' }],
    ['unsynced documents still count before a refusal', paired([{ ...doc('idle', false), refused: 'gap' }, doc('connected', false)]), { kind: 'syncing', unsynced: 1 }],
    ['unsafe and every attempt failed', paired([doc('offline', false), doc('offline', true)]), { kind: 'offline', unsynced: 1, since: at }],
  ])('%s', (_label, inputs, expected) => {
    expect(reduceSyncStatus(inputs, { kind: 'not-paired' }, at)).toEqual(expected);
  });

  it('keeps the time everything became safe while it stays safe, and restarts it after a change', () => {
    const safe = reduceSyncStatus(paired([doc('connected', true)]), { kind: 'not-paired' }, at);
    expect(reduceSyncStatus(paired([doc('connected', true)]), safe, later)).toBe(safe);
    const syncing = reduceSyncStatus(paired([doc('connected', false)]), safe, later);
    expect(reduceSyncStatus(paired([doc('connected', true)]), syncing, later)).toEqual({ kind: 'all-safe', since: later });
  });
});

describe('reduceSyncStatus after a reload', () => {
  const acked = (t: string, connection: DocSyncState['connection']): DocSyncState => ({ name: t, connection, safe: true, ackedAt: new Date(t) });
  it('dates "all safe" from the last stored acknowledgement, not from the reload, once the relay answers', () => {
    const status = reduceSyncStatus(paired([acked('2026-11-23T15:01:00Z', 'connected'), acked('2026-11-23T15:42:00Z', 'idle')]), { kind: 'not-paired' }, later);
    expect(status).toEqual({ kind: 'all-safe', since: new Date('2026-11-23T15:42:00Z') });
  });

  it('with the relay out of reach, says when it last held everything instead of "safe"', () => {
    const status = reduceSyncStatus(paired([acked('2026-11-23T15:01:00Z', 'offline'), acked('2026-11-23T15:42:00Z', 'offline')]), { kind: 'not-paired' }, later);
    expect(status).toEqual({ kind: 'offline', unsynced: 0, since: later, lastSafe: new Date('2026-11-23T15:42:00Z') });
  });
});

describe('describeSyncStatus', () => {
  it.each<[SyncStatus, string]>([
    [{ kind: 'not-paired' }, 'Not paired — saved on this device only'],
    [{ kind: 'syncing', unsynced: 1 }, 'Syncing 1 document…'],
    [{ kind: 'syncing', unsynced: 3 }, 'Syncing 3 documents…'],
    [{ kind: 'connecting', unsynced: 3 }, 'Connecting to the school relay…'],
    [{ kind: 'out-of-scope', documents: 1 }, '1 document outside this device’s sync scope — saved on this device only'],
    [{ kind: 'offline', unsynced: 2 }, 'Offline — 2 documents saved on this device, not yet on the school relay'],
    [{ kind: 'offline', unsynced: 1, since: new Date(2026, 10, 23, 12, 11) }, 'Offline — 1 document saved on this device, not yet on the school relay (no contact since 12:11)'],
    [{ kind: 'offline', unsynced: 0, since: new Date(2026, 10, 23, 12, 11), lastSafe: new Date(2026, 10, 23, 12, 5) }, 'Offline — can’t reach the school relay since 12:11; everything here was on it at 12:05'],
    [{ kind: 'refused', documents: 1, reason: 'not-permitted:pupils' }, '1 document not accepted by the school relay (this device may not change the school roster) — saved on this device only'],
    [{ kind: 'refused', documents: 1, reason: 'erased-pupil:p-1' }, '1 document not accepted by the school relay (a pupil the school has erased is named in them; removing that pupil from this device) — saved on this device only'],
    [{ kind: 'refused', documents: 2, reason: 'foreign-client' }, '2 documents not accepted by the school relay (the school relay could not accept these changes from this device) — saved on this device only'],
  ])('%j', (status, text) => {
    expect(describeSyncStatus(status)).toBe(text);
  });

  it.each<[SyncStatus, string]>([
    [{ kind: 'not-paired' }, 'Not paired — and the latest changes could not be saved on this device'],
    [{ kind: 'offline', unsynced: 1, since: new Date(2026, 10, 23, 12, 11) }, 'Offline — 1 document not yet on the school relay, and the latest changes could not be saved on this device (no contact since 12:11)'],
    [{ kind: 'refused', documents: 2, reason: 'foreign-client' }, '2 documents not accepted by the school relay (the school relay could not accept these changes from this device) — and the latest changes could not be saved on this device'],
    [{ kind: 'out-of-scope', documents: 1 }, '1 document outside this device’s sync scope — and the latest changes could not be saved on this device'],
    [{ kind: 'syncing', unsynced: 1 }, 'Syncing 1 document…'],
  ])('never says "saved on this device" once a write to its storage failed: %j', (status, text) => {
    expect(describeSyncStatus(status, { storageFailed: true })).toBe(text);
  });

  it('shows the all-safe time on the 24-hour clock', () => {
    expect(describeSyncStatus({ kind: 'all-safe', since: new Date(2026, 10, 23, 15, 42) })).toBe('All safely on the school relay at 15:42');
  });
});

describe('naming what is not yet on the relay', () => {
  const labels: DocLabels = {
    room: (id) => ({ base: 'The BASE' })[id],
    pupil: (id) => ({ 'p-1': 'Jess Okafor' })[id],
    provider: (id) => ({ oakfield: 'Oakfield Farm' })[id],
  };

  it.each([
    ['room/base/2026-11-16', 'The BASE register, Mon 16 Nov'],
    ['pupil/p-1', 'Jess Okafor’s record'],
    ['provider/oakfield/2026-11-17', 'Oakfield Farm off-site day, Tue 17 Nov'],
    ['school', 'The school’s set-up and roster'],
    ['room/core/2026-11-18', 'A room register, Wed 18 Nov'],
    ['pupil/p-2', 'A pupil’s record'],
    ['cohort/device-1', 'A record this version of Baseroom does not know'],
  ])('%s is "%s"', (name, text) => {
    expect(describeDocument(name, labels)).toBe(text);
  });

  it('names every document, or as many as there is room for and how many more', () => {
    const names = ['pupil/p-1', 'room/base/2026-11-16', 'room/base/2026-11-17', 'room/base/2026-11-18'];
    expect(describeWaiting(names.slice(0, 2), labels, 2)).toEqual(['Jess Okafor’s record', 'The BASE register, Mon 16 Nov']);
    expect(describeWaiting(names, labels, 2)).toEqual(['Jess Okafor’s record', 'and 3 more']);
    expect(describeWaiting(names, labels)).toHaveLength(4);
    expect(describeWaiting([], labels, 2)).toEqual([]);
  });
});
