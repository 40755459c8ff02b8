// Test driver: hand-encoded Yjs updates (update format v1) that an attacker with a paired device could send.
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

export type CraftedStruct =
  | { kind: 'gc'; length: number }
  /** A map entry `parent[key] = value` with no origin: the shape of a first, concurrent write to a key. */
  | { kind: 'map-set'; parent: string; key: string; value: unknown }
  /** A value inserted right after `origin` (same parent as the origin). */
  | { kind: 'after'; origin: { client: number; clock: number }; value: unknown }
  /** A value inserted between `origin` and `right` (whatever now lies between them in the relay's copy). */
  | { kind: 'between'; origin: { client: number; clock: number }; right: { client: number; clock: number }; value: unknown };

export interface CraftedClient {
  client: number;
  clock: number;
  structs: CraftedStruct[];
}

const contentAny = 8;
const hasOrigin = 0b1000_0000;
const hasRightOrigin = 0b0100_0000;
const hasParentSub = 0b0010_0000;

/** Encodes structs per client (and an empty delete set) exactly as Yjs's UpdateEncoderV1 would. */
export function craftUpdate(clients: CraftedClient[], deletions: { client: number; clock: number; len: number }[] = []): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  const e = encoder.restEncoder;
  encoding.writeVarUint(e, clients.length);
  for (const { client, clock, structs } of clients) {
    encoding.writeVarUint(e, structs.length);
    encoder.writeClient(client);
    encoding.writeVarUint(e, clock);
    for (const s of structs) {
      if (s.kind === 'gc') {
        encoder.writeInfo(0);
        encoder.writeLen(s.length);
      } else if (s.kind === 'map-set') {
        encoder.writeInfo(contentAny | hasParentSub);
        encoder.writeParentInfo(true);
        encoder.writeString(s.parent);
        encoder.writeString(s.key);
        encoder.writeLen(1);
        encoding.writeAny(e, s.value as never);
      } else {
        encoder.writeInfo(contentAny | hasOrigin | (s.kind === 'between' ? hasRightOrigin : 0));
        encoder.writeLeftID(Y.createID(s.origin.client, s.origin.clock));
        if (s.kind === 'between') encoder.writeRightID(Y.createID(s.right.client, s.right.clock));
        encoder.writeLen(1);
        encoding.writeAny(e, s.value as never);
      }
    }
  }
  const byClient = new Map<number, { clock: number; len: number }[]>();
  for (const d of deletions) byClient.set(d.client, [...(byClient.get(d.client) ?? []), d]);
  encoding.writeVarUint(e, byClient.size);
  for (const [client, ranges] of byClient) {
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, ranges.length);
    for (const r of ranges) {
      encoding.writeVarUint(e, r.clock);
      encoding.writeVarUint(e, r.len);
    }
  }
  return encoder.toUint8Array();
}

/** A fresh client id no honest document uses (Yjs picks random 32-bit ids). */
export const strangerClient = (n: number) => 4_000_000_000 + n;
