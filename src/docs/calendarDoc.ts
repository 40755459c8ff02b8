// The school calendar in the school document: half terms, closures (holidays, bank holidays, INSET) and placement rhythm.
import type * as Y from 'yjs';
import {
  closureKinds,
  closureSchema,
  defaultPlacementSettings,
  halfTermId,
  halfTermSchema,
  placementSettingsSchema,
  schoolYearLabel,
  schoolYearOfHalfTerm,
  type Closure,
  type ClosureInput,
  type ClosureKind,
  type HalfTerm,
  type HalfTermInput,
  type HalfTermName,
  type PlacementSettings,
  type SchoolCalendar,
} from '../domain/schoolCalendar';
import { calendarProblems, problemText, type Lined } from '../domain/calendarChecks';
import { parseCalendarText } from '../domain/calendarImport';
import { englandBankHolidays, rollForward } from '../domain/calendarRollForward';
import { newId } from '../domain/ids';
import { CommandError, createRecord, createdStamp, num, parseInput, requireRecord, setFields, str, type Actor, type RecordCollection } from './records';

const closures = (doc: Y.Doc): RecordCollection => doc.getMap('closures');
const halfTerms = (doc: Y.Doc): RecordCollection => doc.getMap('halfTerms');
const settingsMap = (doc: Y.Doc) => doc.getMap<unknown>('settings');

/** Refuses a calendar that would overlap, run backwards or hold a closure outside its school years; names each problem. */
function requireSound(terms: Lined<HalfTerm>[], closed: Lined<Omit<Closure, 'id'>>[]): void {
  const problems = calendarProblems(terms, closed).map(problemText);
  if (problems.length) throw new CommandError('invalid-input', problems[0]!, problems);
}

function writeHalfTerm(doc: Y.Doc, h: HalfTerm, actor: Actor): void {
  const existing = halfTerms(doc).get(h.id);
  if (existing) setFields(existing, { first: h.first, last: h.last, updatedBy: actor.staffId, updatedAt: actor.at });
  else createRecord(halfTerms(doc), h.id, { ...h, ...createdStamp(actor) });
}

const sameClosure = (a: Omit<Closure, 'id'>, b: Omit<Closure, 'id'>) => a.from === b.from && a.to === b.to && a.label === b.label;

export function addClosure(doc: Y.Doc, input: ClosureInput, actor: Actor): void {
  const closure = parseInput(closureSchema, input);
  const current = projectCalendar(doc);
  requireSound(current.halfTerms, [...current.closures, closure]);
  doc.transact(() => {
    createRecord(closures(doc), closure.id, { ...closure, ...createdStamp(actor) });
  });
}

export function removeClosure(doc: Y.Doc, id: string): void {
  requireRecord(closures(doc), id, 'Closure');
  doc.transact(() => closures(doc).delete(id));
}

/** Enters or corrects one half term (Autumn 1 … Summer 2) of the school year its dates fall in. */
export function saveHalfTerm(doc: Y.Doc, input: HalfTermInput, actor: Actor): string {
  const parsed = parseInput(halfTermSchema, input);
  const year = schoolYearOfHalfTerm(parsed);
  const half: HalfTerm = { ...parsed, id: halfTermId(year, parsed.name), year };
  const current = projectCalendar(doc);
  requireSound([...current.halfTerms.filter((h) => h.id !== half.id), half], current.closures);
  doc.transact(() => writeHalfTerm(doc, half, actor));
  return half.id;
}

export function removeHalfTerm(doc: Y.Doc, id: string): void {
  requireRecord(halfTerms(doc), id, 'Half term');
  doc.transact(() => halfTerms(doc).delete(id));
}

/**
 * Imports pasted or CSV lines ("2026-10-26,2026-10-30,Half term"). Every line is checked, and the calendar it would
 * make, before anything is written: one bad line and nothing is saved, with every problem named by its line.
 */
export function importCalendar(doc: Y.Doc, text: string, actor: Actor): { halfTerms: number; closures: number } {
  const parsed = parseCalendarText(text);
  if (parsed.problems.length) {
    const problems = parsed.problems.map(problemText);
    throw new CommandError('invalid-input', problems[0]!, problems);
  }
  const current = projectCalendar(doc);
  const replaced = new Set(parsed.halfTerms.map((h) => h.id));
  const newClosures = parsed.closures.filter((c) => !current.closures.some((k) => sameClosure(k, c)));
  requireSound([...current.halfTerms.filter((h) => !replaced.has(h.id)), ...parsed.halfTerms], [...current.closures, ...newClosures]);
  doc.transact(() => {
    for (const { line: _line, ...h } of parsed.halfTerms) writeHalfTerm(doc, h, actor);
    for (const { line: _line, ...c } of newClosures) {
      const id = newId();
      createRecord(closures(doc), id, { id, ...c, ...createdStamp(actor) });
    }
  });
  return { halfTerms: parsed.halfTerms.length, closures: newClosures.length };
}

/** Copies a school year's pattern to the next year (see `rollForward`), for the school to check and correct. */
export function copyYearForward(doc: Y.Doc, year: number, actor: Actor): { halfTerms: number; closures: number } {
  const current = projectCalendar(doc);
  if (current.halfTerms.some((h) => h.year === year + 1)) {
    throw new CommandError('rule', `${schoolYearLabel(year + 1)} already has term dates: change them there, or remove them first`);
  }
  const next = rollForward(current.halfTerms, current.closures, year);
  if (!next.halfTerms.length) throw new CommandError('rule', `There are no term dates for ${schoolYearLabel(year)} to copy`);
  requireSound([...current.halfTerms, ...next.halfTerms], [...current.closures, ...next.closures]);
  doc.transact(() => {
    for (const h of next.halfTerms) writeHalfTerm(doc, h, actor);
    for (const c of next.closures) {
      const id = newId();
      createRecord(closures(doc), id, { id, ...c, ...createdStamp(actor) });
    }
  });
  return { halfTerms: next.halfTerms.length, closures: next.closures.length };
}

/** Adds England's bank holidays that fall in a school year's half terms (and are not entered yet) as closures. */
export function addBankHolidays(doc: Y.Doc, year: number, actor: Actor): number {
  const current = projectCalendar(doc);
  const terms = current.halfTerms.filter((h) => h.year === year);
  if (!terms.length) throw new CommandError('rule', `Enter the half terms of ${schoolYearLabel(year)} first`);
  const missing = [year, year + 1]
    .flatMap(englandBankHolidays)
    .filter((b) => terms.some((h) => h.first <= b.date && b.date <= h.last))
    .filter((b) => !current.closures.some((c) => c.from <= b.date && b.date <= c.to));
  doc.transact(() => {
    for (const b of missing) {
      const id = newId();
      createRecord(closures(doc), id, { id, from: b.date, to: b.date, label: b.label, kind: 'bank-holiday', ...createdStamp(actor) });
    }
  });
  return missing.length;
}

export function savePlacementSettings(doc: Y.Doc, input: PlacementSettings, actor: Actor): void {
  const settings = parseInput(placementSettingsSchema, input);
  doc.transact(() => {
    const map = settingsMap(doc);
    if (setFields(map, settings)) {
      map.set('updatedBy', actor.staffId);
      map.set('updatedAt', actor.at);
    }
  });
}

export function projectCalendar(doc: Y.Doc): SchoolCalendar {
  const settings = settingsMap(doc);
  const kind = (k: string): ClosureKind => ((closureKinds as readonly string[]).includes(k) ? (k as ClosureKind) : 'closure');
  return {
    reviewEveryWeeks: num(settings, 'reviewEveryWeeks') ?? defaultPlacementSettings.reviewEveryWeeks,
    repeatWithinWeeks: num(settings, 'repeatWithinWeeks') ?? defaultPlacementSettings.repeatWithinWeeks,
    halfTerms: [...halfTerms(doc).values()]
      .map((h) => ({ id: str(h, 'id'), year: num(h, 'year') ?? 0, name: str(h, 'name') as HalfTermName, first: str(h, 'first'), last: str(h, 'last') }))
      .sort((a, b) => a.first.localeCompare(b.first) || a.id.localeCompare(b.id)),
    closures: [...closures(doc).values()]
      .map((c) => ({ id: str(c, 'id'), from: str(c, 'from'), to: str(c, 'to'), label: str(c, 'label'), kind: kind(str(c, 'kind')) }))
      .sort((a, b) => a.from.localeCompare(b.from) || a.id.localeCompare(b.id)),
  };
}
