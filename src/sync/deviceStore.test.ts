import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type BaseroomDB } from '../db/database';
import { encryptionMiddleware } from '../lock/encryptionMiddleware';
import { rowCipher } from '../lock/rowCipher';
import { dexieAckStore } from './deviceStore';

let dbs: BaseroomDB[] = [];
let n = 0;
const sealed = (name: string) => {
  const db = openDatabase(name, { sealWith: encryptionMiddleware(rowCipher(new Uint8Array(32).fill(7))) });
  dbs.push(db);
  return db;
};
afterEach(() => {
  dbs.forEach((db) => db.close());
  dbs = [];
});

describe('dexieAckStore', () => {
  const name = 'room/base/2026-11-23';
  const ack = { stateVector: new Map([[1, 4]]), deletionPending: false, at: new Date('2026-11-23T09:00:00Z') };

  it('forgets the caught-up version on a change made here, keeping the acknowledgement, across a reopen', async () => {
    const dbName = `acks-test-${n++}`;
    const acks = dexieAckStore(sealed(dbName));
    await acks.save(name, ack);
    await acks.saveVersion(name, 'v-1');
    expect((await acks.loadAll()).get(name)).toEqual({ ack, relayVersion: 'v-1' });
    await acks.forgetVersion!(name);
    expect((await acks.loadAll()).get(name)).toEqual({ ack });
    // Nothing more to forget: nothing is written.
    await acks.forgetVersion!(name);
    const reopened = dexieAckStore(sealed(dbName));
    expect((await reopened.loadAll()).get(name)).toEqual({ ack });
  });
});
