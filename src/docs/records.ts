// Records inside a Y.Doc are Y.Maps keyed by id, edited field by field (never replaced whole).
import * as Y from 'yjs';
import type { z } from 'zod';

export type RecordMap = Y.Map<unknown>;
export type RecordCollection = Y.Map<RecordMap>;

/** Who did something and when: every write carries one. */
export interface Actor {
  staffId: string;
  /** ISO timestamp of the action. */
  at: string;
}

export class CommandError extends Error {
  constructor(
    readonly reason: 'invalid-input' | 'not-found' | 'rule',
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const details = result.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
    throw new CommandError('invalid-input', details[0] ?? 'Invalid input', details);
  }
  return result.data;
}

export function createRecord(collection: RecordCollection, id: string, fields: Record<string, unknown>): RecordMap {
  const record = new Y.Map<unknown>(Object.entries(fields));
  collection.set(id, record);
  return record;
}

/** Sets only the fields that changed, so an unchanged save writes nothing. */
export function setFields(record: RecordMap, fields: Record<string, unknown>): boolean {
  let changed = false;
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (record.get(key) !== value) {
      record.set(key, value);
      changed = true;
    }
  }
  return changed;
}

export function requireRecord(collection: RecordCollection, id: string, what: string): RecordMap {
  const record = collection.get(id);
  if (!record) throw new CommandError('not-found', `${what} not found`);
  return record;
}

export function stamp(record: RecordMap, actor: Actor): void {
  record.set('updatedBy', actor.staffId);
  record.set('updatedAt', actor.at);
}

export function createdStamp(actor: Actor): Record<string, string> {
  return { createdBy: actor.staffId, createdAt: actor.at, updatedBy: actor.staffId, updatedAt: actor.at };
}

export function str(record: RecordMap, key: string, fallback = ''): string {
  const v = record.get(key);
  return typeof v === 'string' ? v : fallback;
}

export function strOrNull(record: RecordMap, key: string): string | null {
  const v = record.get(key);
  return typeof v === 'string' && v.length > 0 ? v : null;
}

export function num(record: RecordMap, key: string): number | null {
  const v = record.get(key);
  return typeof v === 'number' ? v : null;
}

export function bool(record: RecordMap, key: string): boolean {
  return record.get(key) === true;
}

/** The fields every record row of a pupil's document carries: id, document, pupil, and who created it when. */
export function rowBase(record: RecordMap, docName: string, pupilId: string) {
  return { id: str(record, 'id'), docName, pupilId, createdBy: str(record, 'createdBy'), createdAt: str(record, 'createdAt') };
}

/**
 * Orders rows by a time key, ties by id. Y.Map iteration order differs between devices that merged in different
 * orders, so projections sort with this and every device lists the same rows alike.
 */
export const byTime =
  <T extends { id: string }>(key: (row: T) => string) =>
  (a: T, b: T): number =>
    key(a).localeCompare(key(b)) || a.id.localeCompare(b.id);

export const byCreated = byTime<{ id: string; createdAt: string }>((row) => row.createdAt);
