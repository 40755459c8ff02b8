// y-websocket's wire format: parsing a client's message strictly, and encoding the relay's replies.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const messageSync = 0;
export const messageAwareness = 1;
export const messageQueryAwareness = 3;
export const syncStep1 = 0;
export const syncStep2 = 1;
export const syncUpdate = 2;

export type ClientMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-step2' | 'sync-update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' };

export type ProtocolFailure = 'truncated' | 'trailing-bytes' | 'unknown-message-type' | 'unknown-sync-type' | 'bad-varint';

export class ProtocolError extends Error {
  constructor(readonly reason: ProtocolFailure) {
    super(`Malformed message: ${reason}`);
    this.name = 'ProtocolError';
  }
}

function readUint(decoder: decoding.Decoder): number {
  try {
    return decoding.readVarUint(decoder);
  } catch {
    throw new ProtocolError(decoder.pos >= decoder.arr.length ? 'truncated' : 'bad-varint');
  }
}

/** lib0 clamps a short read silently; a length prefix that runs past the message is a truncated message. */
function readBytes(decoder: decoding.Decoder): Uint8Array {
  const length = readUint(decoder);
  if (length > decoder.arr.length - decoder.pos) throw new ProtocolError('truncated');
  return decoding.readUint8Array(decoder, length);
}

export function parseClientMessage(data: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(data);
  let message: ClientMessage;
  const type = readUint(decoder);
  if (type === messageSync) {
    const step = readUint(decoder);
    if (step === syncStep1) message = { type: 'sync-step1', stateVector: readBytes(decoder) };
    else if (step === syncStep2) message = { type: 'sync-step2', update: readBytes(decoder) };
    else if (step === syncUpdate) message = { type: 'sync-update', update: readBytes(decoder) };
    else throw new ProtocolError('unknown-sync-type');
  } else if (type === messageAwareness) {
    message = { type: 'awareness', update: readBytes(decoder) };
  } else if (type === messageQueryAwareness) {
    message = { type: 'query-awareness' };
  } else {
    throw new ProtocolError('unknown-message-type');
  }
  if (decoding.hasContent(decoder)) throw new ProtocolError('trailing-bytes');
  return message;
}

function encodeSync(step: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export const encodeSyncStep1 = (stateVector: Uint8Array) => encodeSync(syncStep1, stateVector);
export const encodeSyncStep2 = (update: Uint8Array) => encodeSync(syncStep2, update);
export const encodeSyncUpdate = (update: Uint8Array) => encodeSync(syncUpdate, update);

export function encodeAwareness(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageAwareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}
