// Reads a device's Yjs update against the relay's copy of the document, without applying it: whose client ids it
// writes, which top-level parts it inserts into or deletes from, and whether it is shaped as honest Yjs sends.
import * as Y from 'yjs';

export type RefusalReason =
  | 'too-many-structs'
  | 'too-many-clients'
  | 'skip-struct'
  | 'subdocument'
  | 'gap'
  | 'clock-span'
  | 'unresolvable'
  | 'conflicting-inserts'
  | 'costly-inserts'
  | 'foreign-client'
  | 'not-permitted'
  | 'client-quota'
  /** It names a pupil erased on this relay (the detail is their pseudonymous id): see relay/erasure.ts. */
  | 'erased-pupil';

/** An update the relay will not store: the reason is sent as the close reason, the detail only logged. */
export class WriteRefused extends Error {
  /** Cut to 100 characters: it may be text the device chose (a part's or a key's name) of any length. */
  readonly detail: string;

  constructor(
    readonly reason: RefusalReason,
    detail = '',
  ) {
    const cut = detail.length > 100 ? `${detail.slice(0, 100)}…` : detail;
    super(`Write refused: ${reason}${cut ? ` (${cut})` : ''}`);
    this.name = 'WriteRefused';
    this.detail = cut;
  }
}

export interface InspectionLimits {
  /** Structs (items and deleted ranges) one update may carry. */
  maxStructs: number;
  /** Client ids the document has never seen that one update may introduce. */
  maxNewClients: number;
  /** Clocks one update may add to one client id. */
  maxClockSpan: number;
}

export interface Inspection {
  /** Client ids the update adds structs to (beyond what the relay holds). */
  writtenClients: number[];
  /** Of those, ids the document has never seen. */
  newClients: number[];
  /** Top-level parts it inserts into or deletes from. Writes into garbage-collected content change nothing and are not listed. */
  parts: Set<string>;
  structs: number;
}

type Struct = Y.Item | Y.GC | Y.Skip;
/** A part's name; null when the struct lands in garbage-collected content (a no-op); undefined when unresolvable. */
type Part = string | null | undefined;

/** An update's structs and deleted ranges, as `Y.decodeUpdate` gives them (decoded once per write, see connection.ts). */
export type DecodedUpdate = { structs: Struct[]; ds: { clients: Map<number, { clock: number; len: number }[]> } };

/** Structs and deleted ranges the update being decoded may still hold (see BoundedDecoder). */
let structsLeft = Infinity;

/**
 * Yjs's own decoder, counting as it reads: it reads an info byte per struct and a length per deleted range, and gives
 * up (too-many-structs) at the first one past the limit. Without it a 2 MiB message of 140,000 tiny structs was decoded
 * whole (150 ms and more, every other device waiting) only to be refused for its count afterwards.
 */
class BoundedDecoder extends Y.UpdateDecoderV1 {
  override readInfo(): number {
    if (--structsLeft < 0) throw new WriteRefused('too-many-structs', 'while decoding');
    return super.readInfo();
  }

  override readDsLen(): number {
    if (--structsLeft < 0) throw new WriteRefused('too-many-structs', 'while decoding');
    return super.readDsLen();
  }
}

/**
 * Decodes an update, reading no more than `maxStructs` structs and deleted ranges (the limit `inspectUpdate` checks);
 * one Yjs cannot decode throws here: a malformed message, not a refused write.
 */
export function decodeUpdate(update: Uint8Array, maxStructs = Infinity): DecodedUpdate {
  structsLeft = maxStructs;
  try {
    return Y.decodeUpdateV2(update, BoundedDecoder) as unknown as DecodedUpdate;
  } finally {
    structsLeft = Infinity;
  }
}

export function inspectUpdate(doc: Y.Doc, decoded: DecodedUpdate, limits: InspectionLimits): Inspection {
  const { structs } = decoded;
  // Deleted ranges cost like structs to check: an update of many small ranges counts against the same limit.
  let ranges = 0;
  for (const list of decoded.ds.clients.values()) ranges += list.length;
  if (structs.length + ranges > limits.maxStructs) throw new WriteRefused('too-many-structs', String(structs.length + ranges));
  const resolver = new PartResolver(doc, structs);
  const writtenClients: number[] = [];
  const newClients: number[] = [];
  const parts = new Set<string>();
  const siblings = new Set<string>();

  for (const [client, group] of resolver.byClient) {
    const known = Y.getState(doc.store, client);
    const first = group[0]!;
    const last = group[group.length - 1]!;
    const end = last.id.clock + last.length;
    // A struct starting past what the relay holds would wait for clocks the device never sent: refused, not buffered.
    if (first.id.clock > known) throw new WriteRefused('gap', `client ${client}`);
    if (end <= known) continue;
    if (end - Math.max(first.id.clock, known) > limits.maxClockSpan) throw new WriteRefused('clock-span', `client ${client}`);
    writtenClients.push(client);
    if (known === 0) newClients.push(client);
    for (const struct of group) {
      if (struct.id.clock + struct.length <= known) continue;
      if (struct instanceof Y.Skip) throw new WriteRefused('skip-struct');
      if (!(struct instanceof Y.Item)) continue;
      if (struct.content instanceof Y.ContentDoc) throw new WriteRefused('subdocument');
      const part = resolver.partOf(struct);
      if (part === undefined) throw new WriteRefused('unresolvable', `${client}:${struct.id.clock}`);
      if (part !== null) parts.add(part);
      // Honest Yjs never inserts two items between the same neighbours in one update; a flood of such "concurrent"
      // siblings is what makes integration quadratic. Appending right after its own previous clock is the common,
      // cheap case and cannot collide (no other struct of this update has that origin with no right neighbour).
      if (resolver.appendsToPrevious(struct)) continue;
      const key = siblingKey(struct);
      if (siblings.has(key)) throw new WriteRefused('conflicting-inserts', key);
      siblings.add(key);
    }
  }
  if (newClients.length > limits.maxNewClients) throw new WriteRefused('too-many-clients', String(newClients.length));
  for (const [client, list] of decoded.ds.clients) {
    // Overlapping ranges merged first, so no struct of the relay's copy is visited twice.
    for (const { from, to } of mergeRanges(list)) resolver.deletedParts(client, from, to, parts);
  }
  return { writtenClients, newClients, parts, structs: structs.length };
}

/** A client's deleted ranges sorted and merged, however the update listed them. */
export function mergeRanges(list: readonly { clock: number; len: number }[]): { from: number; to: number }[] {
  const sorted = [...list].sort((a, b) => a.clock - b.clock);
  const merged: { from: number; to: number }[] = [];
  for (const { clock, len } of sorted) {
    const last = merged[merged.length - 1];
    if (last && clock <= last.to) last.to = Math.max(last.to, clock + len);
    else merged.push({ from: clock, to: clock + len });
  }
  return merged;
}

function idKey(id: Y.ID | null): string {
  return id ? `${id.client}:${id.clock}` : '-';
}

function siblingKey(item: Y.Item): string {
  const parent = item.parent as unknown;
  const where = item.origin ? '' : typeof parent === 'string' ? `p${parent}` : parent instanceof Y.ID ? `p${idKey(parent)}` : '';
  return `${idKey(item.origin)}|${idKey(item.rightOrigin)}|${where}|${item.parentSub ?? ''}`;
}

/** Finds the top-level part each struct belongs to, in the relay's document or earlier in the same update. */
class PartResolver {
  readonly byClient = new Map<number, Struct[]>();
  private readonly memo = new Map<Y.Item, Part>();
  private rootNames: Map<unknown, string> | null = null;

  constructor(
    private readonly doc: Y.Doc,
    structs: Struct[],
  ) {
    for (const s of structs) {
      const group = this.byClient.get(s.id.client);
      if (group) group.push(s);
      else this.byClient.set(s.id.client, [s]);
    }
  }

  /** Inserted right after the struct before it (same client, previous clock), with nothing to its right. */
  appendsToPrevious(item: Y.Item): boolean {
    const origin = item.origin;
    return origin !== null && item.rightOrigin === null && origin.client === item.id.client && origin.clock === item.id.clock - 1;
  }

  /** The part an item of this update lives in. Iterative, so a long chain of items cannot overflow the stack. */
  partOf(start: Y.Item): Part {
    const direct = this.dependency(start);
    if (!(direct instanceof Y.Item)) {
      this.memo.set(start, direct);
      return direct;
    }
    if (this.memo.has(direct)) {
      const part = this.memo.get(direct);
      this.memo.set(start, part);
      return part;
    }
    const stack: Y.Item[] = [start];
    const onStack = new Set<Y.Item>([start]);
    while (stack.length > 0) {
      const item = stack[stack.length - 1]!;
      const dep = this.dependency(item);
      if (dep instanceof Y.Item) {
        if (this.memo.has(dep)) {
          this.memo.set(item, this.memo.get(dep));
        } else if (onStack.has(dep)) {
          this.memo.set(item, undefined);
        } else {
          stack.push(dep);
          onStack.add(dep);
          continue;
        }
      } else {
        this.memo.set(item, dep);
      }
      stack.pop();
      onStack.delete(item);
    }
    return this.memo.get(start);
  }

  /** Adds the parts of the relay's items that a deleted range removes (already-deleted items change nothing). */
  deletedParts(client: number, from: number, to: number, parts: Set<string>): void {
    const known = Y.getState(this.doc.store, client);
    if (from < known) {
      const structs = this.doc.store.clients.get(client) as Struct[];
      for (let i = Y.findIndexSS(structs as Y.Item[], from); i < structs.length && structs[i]!.id.clock < to; i++) {
        const struct = structs[i]!;
        if (!(struct instanceof Y.Item) || struct.deleted) continue;
        const part = this.partOfType(struct.parent as Y.AbstractType<unknown>);
        if (part) parts.add(part);
      }
    }
    if (to <= known) return;
    // The rest must be items of this update (they are already counted as insertions), or the deletion waits on a gap.
    const own = this.byClient.get(client);
    const last = own?.[own.length - 1];
    if (!last || last.id.clock + last.length < to || own![0]!.id.clock > Math.max(from, known)) {
      throw new WriteRefused('gap', `deletion ${client}:${from}`);
    }
  }

  /** What an item's part depends on: a part name, or another item of this update to resolve first. */
  private dependency(item: Y.Item): Part | Y.Item {
    if (this.memo.has(item)) return this.memo.get(item);
    const parent = item.parent as unknown;
    if (typeof parent === 'string') return parent;
    if (parent instanceof Y.ID) return this.typeCreatedAt(parent);
    const neighbour = item.origin ?? item.rightOrigin;
    return neighbour ? this.containerOf(neighbour) : undefined;
  }

  /** The part of the type an item creates (an item's parent): it must hold a type, not a value. */
  private typeCreatedAt(id: Y.ID): Part | Y.Item {
    const found = this.find(id);
    if (found === undefined || found === null) return found;
    if (found.inUpdate) return found.struct.content instanceof Y.ContentType ? found.struct : undefined;
    const content = found.struct.content;
    return content instanceof Y.ContentType ? this.partOfType(content.type) : undefined;
  }

  /** The part an item lives in (an item's origin or right origin shares its parent). */
  private containerOf(id: Y.ID): Part | Y.Item {
    const found = this.find(id);
    if (found === undefined || found === null) return found;
    return found.inUpdate ? found.struct : this.partOfType(found.struct.parent as Y.AbstractType<unknown>);
  }

  private find(id: Y.ID): { struct: Y.Item; inUpdate: boolean } | null | undefined {
    if (id.clock < Y.getState(this.doc.store, id.client)) {
      const structs = this.doc.store.clients.get(id.client) as Struct[];
      const struct = structs[Y.findIndexSS(structs as Y.Item[], id.clock)];
      return struct instanceof Y.Item ? { struct, inUpdate: false } : null;
    }
    const group = this.byClient.get(id.client);
    if (!group) return undefined;
    let lo = 0;
    let hi = group.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = group[mid]!;
      if (id.clock < s.id.clock) hi = mid - 1;
      else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
      else return s instanceof Y.Item ? { struct: s, inUpdate: true } : s instanceof Y.GC ? null : undefined;
    }
    return undefined;
  }

  /** The top-level name a (possibly nested) type of the relay's document hangs from. */
  private partOfType(type: Y.AbstractType<unknown> | null): Part {
    let t = type;
    while (t?._item) {
      if (!(t._item.parent instanceof Y.AbstractType)) return null;
      t = t._item.parent as Y.AbstractType<unknown>;
    }
    if (!t) return null;
    this.rootNames ??= new Map([...this.doc.share].map(([name, root]) => [root as unknown, name]));
    return this.rootNames.get(t) ?? null;
  }
}
