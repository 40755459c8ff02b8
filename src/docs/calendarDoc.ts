// The school calendar in the school document: closed date ranges (holidays, INSET) and the placement rhythm settings.
import type * as Y from 'yjs';
import { closureSchema, defaultPlacementSettings, placementSettingsSchema, type Closure, type PlacementSettings, type SchoolCalendar } from '../domain/schoolCalendar';
import { createRecord, createdStamp, num, parseInput, requireRecord, setFields, str, type Actor, type RecordCollection } from './records';

const closures = (doc: Y.Doc): RecordCollection => doc.getMap('closures');
const settingsMap = (doc: Y.Doc) => doc.getMap<unknown>('settings');

export function addClosure(doc: Y.Doc, input: Closure, actor: Actor): void {
  const closure = parseInput(closureSchema, input);
  doc.transact(() => {
    createRecord(closures(doc), closure.id, { ...closure, ...createdStamp(actor) });
  });
}

export function removeClosure(doc: Y.Doc, id: string): void {
  requireRecord(closures(doc), id, 'Closure');
  doc.transact(() => closures(doc).delete(id));
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
  return {
    reviewEveryWeeks: num(settings, 'reviewEveryWeeks') ?? defaultPlacementSettings.reviewEveryWeeks,
    repeatWithinWeeks: num(settings, 'repeatWithinWeeks') ?? defaultPlacementSettings.repeatWithinWeeks,
    closures: [...closures(doc).values()]
      .map((c) => ({ id: str(c, 'id'), from: str(c, 'from'), to: str(c, 'to'), label: str(c, 'label') }))
      .sort((a, b) => a.from.localeCompare(b.from) || a.id.localeCompare(b.id)),
  };
}
