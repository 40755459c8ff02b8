// Reading the relay's acknowledgements: its state vector from a sync message, and whether it covers ours.
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';

export type StateVector = Map<number, number>;

/** y-protocols sync message types (after the outer "sync" message type). */
export const syncStep1 = 0;
export const syncStep2 = 1;
export const syncUpdate = 2;

/** True when every clock in `local` is covered by `relay`: the relay holds every local insertion. */
export function covers(relay: StateVector, local: StateVector): boolean {
  for (const [client, clock] of local) if ((relay.get(client) ?? 0) < clock) return false;
  return true;
}

export const localStateVector = (doc: Y.Doc): StateVector => Y.decodeStateVector(Y.encodeStateVector(doc));

/** `carries`: each client's clock at the end of the structs a step 2 or an update carries (deletions move none). */
export type PeekedSyncMessage =
  | { type: 'step1'; stateVector: StateVector }
  | { type: 'step2'; carries: StateVector }
  | { type: 'update'; carries: StateVector }
  | { type: 'unknown' };

/** Reads the sync message type (and a step 1's state vector, or what an update carries) from a clone, leaving the decoder untouched. */
export function peekSyncMessage(decoder: decoding.Decoder): PeekedSyncMessage {
  try {
    const peek = decoding.clone(decoder);
    const type = decoding.readVarUint(peek);
    if (type === syncStep1) return { type: 'step1', stateVector: Y.decodeStateVector(decoding.readVarUint8Array(peek)) };
    if (type === syncStep2 || type === syncUpdate) {
      const carries = Y.parseUpdateMeta(decoding.readVarUint8Array(peek)).to;
      return type === syncStep2 ? { type: 'step2', carries } : { type: 'update', carries };
    }
    return { type: 'unknown' };
  } catch {
    return { type: 'unknown' };
  }
}

/** Whether an update moved the document's state vector (false for a deletion-only update). */
export function addsInsertions(before: StateVector, after: StateVector): boolean {
  for (const [client, clock] of after) if ((before.get(client) ?? 0) < clock) return true;
  return false;
}

/** Each client's larger clock of the two. */
export function mergeStateVectors(a: StateVector, b: StateVector): StateVector {
  const merged = new Map(a);
  for (const [client, clock] of b) if ((merged.get(client) ?? 0) < clock) merged.set(client, clock);
  return merged;
}
