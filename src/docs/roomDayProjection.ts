// Projects a room-day document into the plain rows that the Today screen and reports query.
import type * as Y from 'yjs';
import type { PeriodMark, RegisterCorrection, RegisterEntryRow, ToiletVisit, AttendanceStatus, DepartureDestination } from '../domain/register';
import type { BehaviourNoteRow } from '../domain/behaviourNote';
import { parseDocName } from './names';
import { withFlagAwaiting } from '../domain/awaitingIndexes';
import { entries, notes } from './roomDayDoc';
import { bool, byCreated, byTime, str, strOrNull, type RecordCollection, type RecordMap } from './records';

export interface RoomDayRows {
  entries: RegisterEntryRow[];
  notes: BehaviourNoteRow[];
}

function projectMarks(marks: RecordMap | undefined): Record<string, PeriodMark> {
  const out: Record<string, PeriodMark> = {};
  if (!marks) return out;
  for (const [key, value] of marks.entries()) {
    const [periodId, field] = key.split('/') as [string, keyof PeriodMark];
    const mark = (out[periodId] ??= { presence: null, effort: null, behaviour: null });
    if (field === 'presence' && (value === 'present' || value === 'out')) mark.presence = value;
    if ((field === 'effort' || field === 'behaviour') && typeof value === 'number') mark[field] = value;
  }
  return out;
}

function projectToilet(visits: RecordCollection | undefined): ToiletVisit[] {
  if (!visits) return [];
  return [...visits.values()]
    .map((v) => ({ id: str(v, 'id'), out: str(v, 'out'), back: strOrNull(v, 'back') }))
    .sort(byTime((v) => v.out));
}

function projectCorrections(entry: RecordMap): RegisterCorrection[] {
  const out: RegisterCorrection[] = [];
  for (const [key, value] of entry.entries()) {
    if (!key.startsWith('correction/') || !value || typeof value !== 'object') continue;
    const v = value as Partial<RegisterCorrection>;
    out.push({ id: key.slice('correction/'.length), undone: String(v.undone ?? ''), by: String(v.by ?? ''), at: String(v.at ?? '') });
  }
  return out.sort(byTime((c) => c.at));
}

export function projectRoomDay(doc: Y.Doc, docName: string): RoomDayRows {
  const parsed = parseDocName(docName);
  if (!parsed || parsed.kind !== 'room-day') throw new Error(`Not a room-day document: ${docName}`);
  const { roomId, date } = parsed;
  const entryRows: RegisterEntryRow[] = [];
  for (const [pupilId, e] of entries(doc).entries()) {
    entryRows.push({
      id: `${docName}#${pupilId}`,
      docName,
      roomId,
      date,
      pupilId,
      status: str(e, 'status', 'expected') as AttendanceStatus,
      arrivedAt: strOrNull(e, 'arrivedAt'),
      late: bool(e, 'late'),
      absenceFollowUp: str(e, 'absenceFollowUp'),
      leftAt: strOrNull(e, 'leftAt'),
      leftTo: strOrNull(e, 'leftTo') as DepartureDestination | null,
      leftDetail: str(e, 'leftDetail'),
      breakSupervised: bool(e, 'breakSupervised'),
      lunchSupervised: bool(e, 'lunchSupervised'),
      periods: projectMarks(e.get('marks') as RecordMap | undefined),
      toiletVisits: projectToilet(e.get('toilet') as RecordCollection | undefined),
      corrections: projectCorrections(e),
      createdBy: str(e, 'createdBy'),
      createdAt: str(e, 'createdAt'),
      updatedBy: str(e, 'updatedBy'),
      updatedAt: str(e, 'updatedAt'),
    });
  }
  const noteRows: BehaviourNoteRow[] = [...notes(doc).values()].map((n) => withFlagAwaiting({
    id: str(n, 'id'),
    docName,
    roomId,
    date,
    pupilId: str(n, 'pupilId'),
    kind: str(n, 'kind', 'concern') as BehaviourNoteRow['kind'],
    periodId: strOrNull(n, 'periodId'),
    text: str(n, 'text'),
    createdBy: str(n, 'createdBy'),
    createdAt: str(n, 'createdAt'),
    loggedBy: strOrNull(n, 'loggedBy'),
    loggedAt: strOrNull(n, 'loggedAt'),
  }));
  noteRows.sort(byCreated);
  return { entries: entryRows, notes: noteRows };
}

