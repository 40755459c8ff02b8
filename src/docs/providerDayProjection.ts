// Projects a provider-day document into the rows the off-site screen, the pupil view and the coordinator query.
import type * as Y from 'yjs';
import {
  isAttendanceCode, sessionAttendance, sessionCode, welfareMoods,
  type CheckInRow, type IncidentRow, type ProgressRow, type Session, type SessionAttendance, type SessionRow, type WelfareMood,
} from '../domain/offsite';
import { parseDocName } from './names';
import { withCheckInAwaiting, withIncidentAwaiting } from '../domain/awaitingIndexes';
import { checkIns, incidents, progress, targets } from './providerDayDoc';
import type { TargetRow } from '../domain/ibecPlan';
import { bool, byCreated, num, str, strOrNull, type RecordMap } from './records';

export interface ProviderDayRows {
  checkIns: CheckInRow[];
  incidents: IncidentRow[];
  progress: ProgressRow[];
  targets: TargetRow[];
}

function sessionOf(c: RecordMap, session: Session): SessionRow {
  const mark = c.get(session);
  const attendance = sessionAttendance.includes(mark as SessionAttendance) ? (mark as SessionAttendance) : null;
  const settledCode = c.get(`${session}SettledCode`);
  return {
    attendance,
    code: sessionCode(attendance, c.get(`${session}Code`), settledCode),
    settled: isAttendanceCode(settledCode),
    settledBy: strOrNull(c, `${session}SettledBy`),
    settledAt: strOrNull(c, `${session}SettledAt`),
  };
}

export function projectProviderDay(doc: Y.Doc, docName: string): ProviderDayRows {
  const parsed = parseDocName(docName);
  if (!parsed || parsed.kind !== 'provider-day') throw new Error(`Not a provider-day document: ${docName}`);
  const day = { docName, providerId: parsed.providerId, date: parsed.date };
  const checkInRows: CheckInRow[] = [...checkIns(doc).entries()].map(([pupilId, c]) => {
    const legacy = c.get('code');
    const mood = c.get('mood');
    return withCheckInAwaiting({
      id: `${docName}#${pupilId}`,
      ...day,
      pupilId,
      sessions: { am: sessionOf(c, 'am'), pm: sessionOf(c, 'pm') },
      legacyCode: isAttendanceCode(legacy) ? legacy : null,
      arrivedAt: strOrNull(c, 'arrivedAt'),
      leftAt: strOrNull(c, 'leftAt'),
      followUp: str(c, 'followUp'),
      mood: welfareMoods.includes(mood as WelfareMood) ? (mood as WelfareMood) : null,
      welfareNote: str(c, 'welfareNote'),
      concern: bool(c, 'concern'),
      concernRaisedBy: strOrNull(c, 'concernRaisedBy'),
      concernRaisedAt: strOrNull(c, 'concernRaisedAt'),
      concernLoggedBy: strOrNull(c, 'concernLoggedBy'),
      concernLoggedAt: strOrNull(c, 'concernLoggedAt'),
      createdBy: str(c, 'createdBy'),
      createdAt: str(c, 'createdAt'),
      updatedBy: str(c, 'updatedBy'),
      updatedAt: str(c, 'updatedAt'),
    });
  });
  const stamped = (r: Y.Map<unknown>) => ({ id: str(r, 'id'), ...day, pupilId: str(r, 'pupilId'), createdBy: str(r, 'createdBy'), createdAt: str(r, 'createdAt') });
  const incidentRows: IncidentRow[] = [...incidents(doc).values()].map((r) => withIncidentAwaiting({
    ...stamped(r),
    at: str(r, 'at'),
    reportedBy: str(r, 'reportedBy'),
    what: str(r, 'what'),
    decided: str(r, 'decided'),
    decidedBy: strOrNull(r, 'decidedBy'),
    decidedAt: strOrNull(r, 'decidedAt'),
  }));
  const progressRows: ProgressRow[] = [...progress(doc).values()].map((r) => ({
    ...stamped(r),
    targetId: strOrNull(r, 'targetId'),
    target: str(r, 'target'),
    rating: num(r, 'rating') ?? 0,
    note: str(r, 'note'),
  }));
  const targetRows: TargetRow[] = [...targets(doc).values()].map((r) => ({
    ...stamped(r),
    text: str(r, 'text'),
    agreedWith: str(r, 'agreedWith'),
    closedAt: strOrNull(r, 'closedAt'),
  }));
  return { checkIns: checkInRows, incidents: incidentRows.sort(byCreated), progress: progressRows.sort(byCreated), targets: targetRows.sort(byCreated) };
}
