// 8. The cost of the relay's write checks (node, in process): each update of a full day and of a roster import
// applied through SharedDoc.applyFrom (inspected, then applied and handed to the group commit) against a plain Y.applyUpdate, and the
// time the relay spends on the largest messages a device can send, honest or hostile.
import * as Y from 'yjs';
import { generateDemoSchool } from '../../src/roster/demoSchool.js';
import { importPupils } from '../../src/docs/schoolDoc.js';
import { loadConfig } from '../../sync-server/config.js';
import { SharedDoc, type DocPeer, type WriteLimits } from '../../sync-server/relay/shared-doc.js';
import { WriteRefused } from '../../sync-server/relay/update-inspector.js';
import type { UpdateCommitter } from '../../sync-server/store/group-commit.js';
import { createMemoryStore } from '../../sync-server/store/memory-store.js';
import type { SchoolStore } from '../../sync-server/store/shared-store.js';
import { adaptSyncStore } from '../../sync-server/store/sync-store-adapter.js';
import { craftUpdate, strangerClient } from '../../sync-server/test-support/crafted-updates.js';
import { fullDayUpdates } from './syncDay.js';
import { max, ms, percentile, type BenchResult } from './util.js';

const config = loadConfig({});
const limits: WriteLimits = {
  maxStructs: config.maxStructsPerUpdate,
  maxNewClients: config.maxNewClientsPerUpdate,
  maxClockSpan: 4 * config.maxMessageBytes,
  maxClientsPerDevice: config.maxClientsPerDevice,
};
/** A memory store and its group commit: applyFrom hands the update over and the commit comes on the next turn. */
function storeAndCommitter(): [{ updates: Uint8Array[]; owners: Map<number, string>; compactUpTo: () => number }, SchoolStore, UpdateCommitter] {
  const shared = adaptSyncStore(() => createMemoryStore());
  const loaded = { updates: [], owners: new Map<number, string>(), compactUpTo: () => Number.MAX_SAFE_INTEGER };
  return [loaded, shared.forSchool('default'), shared.committerFor('default', { perTurn: true })];
}
const peer: DocPeer = { deviceId: 'bench-device', role: 'coordinator', send: () => {}, close: () => {}, changeCommitted: () => {} };

/** Every update a device's documents emitted, in order, per document. */
function recordUpdates(build: (record: (name: string, doc: Y.Doc) => void) => void): Map<string, Uint8Array[]> {
  const updates = new Map<string, Uint8Array[]>();
  build((name, doc) => {
    const list: Uint8Array[] = [];
    updates.set(name, list);
    list.push(Y.encodeStateAsUpdate(doc));
  });
  return updates;
}

/** Applies each document's updates through the relay's checks and plainly; per-update times in ms. */
function timeBoth(docs: Map<string, Uint8Array[]>): { checked: number[]; plain: number[] } {
  const checked: number[] = [];
  const plain: number[] = [];
  for (const [name, updates] of docs) {
    const shared = new SharedDoc(name, name === 'school' ? 'school' : name.startsWith('room/') ? 'room' : 'pupil', ...storeAndCommitter(), 1_000_000, () => {});
    shared.peers.add(peer);
    const bare = new Y.Doc();
    for (const update of updates) {
      let t = performance.now();
      shared.applyFrom(peer, update, limits);
      checked.push(performance.now() - t);
      t = performance.now();
      Y.applyUpdate(bare, update);
      plain.push(performance.now() - t);
    }
  }
  return { checked, plain };
}

function rosterImport(): Map<string, Uint8Array[]> {
  return recordUpdates((record) => {
    const doc = new Y.Doc();
    importPupils(doc, { toAdd: generateDemoSchool().pupils, toUpdate: [] }, { staffId: 'bench', at: '2026-11-20T08:00:00Z' });
    record('school', doc);
  });
}

/** Time to handle one message at the limits, refused or accepted. */
function worstCase(label: string, update: Uint8Array, repeat = 5, role: DocPeer['role'] = 'supervisor'): string[] {
  const times: number[] = [];
  let outcome = 'accepted';
  for (let i = 0; i < repeat; i++) {
    const shared = new SharedDoc('room/base/2026-11-20', 'room', ...storeAndCommitter(), 1_000_000, () => {});
    const t = performance.now();
    try {
      shared.applyFrom({ ...peer, role }, update, { ...limits, maxStructs: role === 'coordinator' ? config.maxStructsPerUpdate : config.maxStructsPerUpdateTablet });
    } catch (err) {
      outcome = err instanceof WriteRefused ? `refused: ${err.reason}` : `error: ${(err as Error).name}`;
    }
    times.push(performance.now() - t);
  }
  return [label, `${(update.byteLength / 1024).toFixed(0)} KB`, outcome, ms(percentile(times, 50)), ms(max(times))];
}

function mapWrites(count: number, key: (i: number) => string): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (let i = 0; i < count; i++) doc.getMap('entries').set(key(i), i);
  });
  return Y.encodeStateAsUpdate(doc);
}

export async function writeChecks(): Promise<BenchResult> {
  const day = timeBoth(fullDayUpdates());
  const roster = timeBoth(rosterImport());
  const total = (v: number[]) => v.reduce((a, b) => a + b, 0);
  const overhead = (c: number[], p: number[]) => `${(((total(c) - total(p)) / total(p)) * 100).toFixed(0)}%`;
  const hostile = [
    worstCase('Most structs a room tablet or off-site phone may send (10,000 map writes)', mapWrites(config.maxStructsPerUpdateTablet, (i) => `k${i}`)),
    worstCase('One struct over a tablet’s limit', mapWrites(config.maxStructsPerUpdateTablet + 1, (i) => `k${i}`)),
    worstCase('Most structs a coordinator may send, for a roster import (40,000 map writes)', mapWrites(config.maxStructsPerUpdate, (i) => `k${i}`), 5, 'coordinator'),
    worstCase('Concurrent writes to one key, 20,000', craftUpdate([{ client: strangerClient(1), clock: 0, structs: Array.from({ length: 20_000 }, (_, i) => ({ kind: 'map-set' as const, parent: 'entries', key: 'same', value: i })) }])),
    worstCase('256 new client ids, one write each', Y.mergeUpdates(Array.from({ length: 256 }, (_, i) => craftUpdate([{ client: strangerClient(10 + i), clock: 0, structs: [{ kind: 'map-set', parent: 'entries', key: `c${i}`, value: i }] }])))),
    worstCase('257 new client ids', Y.mergeUpdates(Array.from({ length: 257 }, (_, i) => craftUpdate([{ client: strangerClient(10 + i), clock: 0, structs: [{ kind: 'map-set', parent: 'entries', key: `c${i}`, value: i }] }])))),
    worstCase('A garbage-collected range of 2^40 clocks', craftUpdate([{ client: strangerClient(2), clock: 0, structs: [{ kind: 'gc', length: 2 ** 40 }] }])),
  ];
  return {
    id: 'writeChecks',
    title: '8. Cost of the relay’s write checks',
    rows: [
      { metric: 'Full day: per-update p50 / p99, checked (plain Y.applyUpdate)', value: `${ms(percentile(day.checked, 50), 3)} / ${ms(percentile(day.checked, 99), 2)} (${ms(percentile(day.plain, 50), 3)} / ${ms(percentile(day.plain, 99), 2)})`, raw: percentile(day.checked, 99) },
      { metric: 'Full day: total time, checked vs plain', value: `${ms(total(day.checked))} vs ${ms(total(day.plain))} (+${overhead(day.checked, day.plain)})`, raw: total(day.checked) },
      { metric: 'Roster import of ~1,000 pupils (one update), checked vs plain', value: `${ms(total(roster.checked))} vs ${ms(total(roster.plain))}`, raw: total(roster.checked) },
      { metric: 'Longest time on one message a room tablet or off-site phone may send (p50 of 5)', goal: '≤ a few tens of ms', value: ms(Math.max(...hostile.filter((h) => !h[0]!.includes('coordinator')).map((h) => parseFloat(h[3]!)))), raw: Math.max(...hostile.filter((h) => !h[0]!.includes('coordinator')).map((h) => parseFloat(h[3]!))) },
      { metric: 'A coordinator’s largest roster-import message (p50 of 5)', value: ms(parseFloat(hostile.find((h) => h[0]!.includes('coordinator'))![3]!)) },
    ],
    tables: [{ caption: 'One message at the limits, handled by a fresh document (median and max of 5)', headers: ['Message', 'Size', 'Outcome', 'p50', 'max'], rows: hostile }],
    notes: [
      `Full day: ${day.checked.length} updates (the day of section 5, replayed one transaction at a time); roster: the demo school's import as one update.`,
      '"Checked" is SharedDoc.applyFrom with an in-memory store: inspection (decode, parts touched, client ids, shape) and then the same Y.applyUpdate, plus the store append. "Plain" is Y.applyUpdate on a bare Y.Doc.',
      'The fan-out figures of section 6 are measured with the checks in place (every relayed write goes through them).',
    ],
  };
}
