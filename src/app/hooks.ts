// Hooks screens use to read projections, open documents and run commands as the current member of staff.
import { useCallback, useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type * as Y from 'yjs';
import { useServices } from './services';
import { useUiStore } from '../state/uiStore';
import { CommandError, type Actor } from '../docs/records';
import { SCHOOL_DOC } from '../docs/names';
import type { SchoolRow } from '../db/database';
import { ErasedDocError } from '../db/docStore';
import { emptyCalendar } from '../domain/schoolCalendar';
import { defaultRetention } from '../domain/retention';

/** The school's settings, rooms, periods and staff; undefined while loading, null before set-up. */
export function useSchool(): SchoolRow | null | undefined {
  const { db } = useServices();
  return useLiveQuery(async () => {
    const row = await db.school.get('school');
    // A row stored before the calendar had term dates lacks them: read it with the calendar's defaults.
    // Likewise a row stored before retention settings: the defaults until the school sets its own.
    return row ? { ...row, calendar: { ...emptyCalendar, ...row.calendar }, settings: { ...row.settings, retention: row.settings.retention ?? defaultRetention } } : null;
  }, [db]);
}

/** Holds a document open for the component's lifetime, and lets the store close it when the component goes. */
export function useDoc(name: string | null): Y.Doc | null {
  const { docs } = useServices();
  const [doc, setDoc] = useState<{ name: string; doc: Y.Doc } | null>(null);
  const say = useUiStore((s) => s.say);
  useEffect(() => {
    if (!name) return;
    let live = true;
    const holding = docs.acquire(name);
    holding.then(
      (open) => live && setDoc({ name, doc: open.doc }),
      // An erased record is not an error: the screen says it was erased.
      (err: unknown) => err instanceof ErasedDocError || say('error', `Could not open this record: ${String(err)}`),
    );
    return () => {
      live = false;
      holding.then((open) => open.release(), () => undefined);
    };
  }, [docs, name, say]);
  return doc && doc.name === name ? doc.doc : null;
}

export const useSchoolDoc = () => useDoc(SCHOOL_DOC);

export type CommandResult<T> = { ok: true; value: T } | { ok: false };

/**
 * Runs a command as the person using the tablet. A refused command (bad input, a broken rule)
 * becomes a message on screen and `{ ok: false }`; nothing is half-written.
 */
export function useCommand() {
  const staffId = useUiStore((s) => s.staffId);
  const say = useUiStore((s) => s.say);
  return useCallback(
    <T,>(command: (actor: Actor) => T): CommandResult<T> => {
      const actor: Actor = { staffId: staffId ?? 'unknown', at: new Date().toISOString() };
      try {
        return { ok: true, value: command(actor) };
      } catch (err) {
        if (err instanceof CommandError) {
          say('error', err.message);
          return { ok: false };
        }
        throw err;
      }
    },
    [staffId, say],
  );
}
