// The fan-out bus between relay processes. It carries only hints, never content: {school, docName, seq}, "this
// document has a committed row up to seq", after each commit on PostgreSQL; and {school, docName, erased: true},
// "this document was erased", after an erasure. A node that hears of a row reads the rows from the store by sequence
// number (follower.ts), so a hint that is lost, late or duplicated loses nothing; it only delays a node until the
// next hint, its reconnect or its poll. A node that hears of an erasure drops its copy of the document at once (see
// sync-server/README.md).
import { z } from 'zod';
import { idPattern, parseDocName } from '../doc-names.js';
import { logRelayEvent } from '../relay/log.js';

export interface UpdateHint {
  school: string;
  docName: string;
  seq: number;
}

export interface ErasedHint {
  school: string;
  docName: string;
  erased: true;
}

export type BusHint = UpdateHint | ErasedHint;

export interface FanoutBus {
  /**
   * Announces a committed row, after its commit. Never rejects and never waits for a dead connection: false when the
   * hint could not be handed to the bus (it is lost; nodes catch up from the store).
   */
  publish(hint: BusHint): Promise<boolean>;
  /** Every well-formed hint from any node, this one included. */
  onHint(listener: (hint: BusHint) => void): () => void;
  /** After the bus's connection came back: hints may have been missed meanwhile, so catch up. */
  onReconnect(listener: () => void): () => void;
  close(): Promise<void>;
}

export const busChannel = 'baseroom_updates';

const hintSchema = z.union([
  z.strictObject({
    school: z.string().regex(idPattern),
    docName: z.string().refine((name) => parseDocName(name) !== null),
    seq: z.number().int().positive(),
  }),
  z.strictObject({
    school: z.string().regex(idPattern),
    docName: z.string().refine((name) => parseDocName(name) !== null),
    erased: z.literal(true),
  }),
]);

export const encodeHint = (hint: BusHint): string =>
  JSON.stringify('erased' in hint ? { school: hint.school, docName: hint.docName, erased: true } : { school: hint.school, docName: hint.docName, seq: hint.seq });

/** FanoutBus.publish over a transport's send: never rejects; false when the hint could not be handed over. */
export const hintPublisher =
  (send: (payload: string) => Promise<unknown>) =>
  async (hint: BusHint): Promise<boolean> => {
    try {
      await send(encodeHint(hint));
      return true;
    } catch {
      return false;
    }
  };

/** A hint, or null for anything else on the channel (it is ignored, and logged without its content). */
export function decodeHint(payload: string): BusHint | null {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    json = undefined;
  }
  const parsed = hintSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  logRelayEvent('bus-message-ignored', { reason: 'malformed' });
  return null;
}

/** The listener lists and their fan-out, shared by both implementations. */
export function busListeners() {
  const hints = new Set<(hint: BusHint) => void>();
  const reconnects = new Set<() => void>();
  const add = <T>(set: Set<T>, listener: T) => {
    set.add(listener);
    return () => void set.delete(listener);
  };
  return {
    onHint: (listener: (hint: BusHint) => void) => add(hints, listener),
    onReconnect: (listener: () => void) => add(reconnects, listener),
    hint(payload: string) {
      const hint = decodeHint(payload);
      if (hint) for (const l of hints) l(hint);
    },
    reconnected() {
      logRelayEvent('bus-reconnected');
      for (const l of reconnects) l();
    },
  };
}
