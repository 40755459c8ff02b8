// Projects a pupil document into rows for the pupil view, Today's outstanding work and reports.
import type * as Y from 'yjs';
import { interviewFieldsSchema, type InterviewKind, type InterviewRow, type Question } from '../domain/interview';
import type { WorkRow, WorkStatus } from '../domain/work';
import type { ContactMethod, ParentContactRow } from '../domain/parentContact';
import { withOpenFollowUp } from '../domain/awaitingIndexes';
import { interviews, parentContacts, workItems } from './pupilDoc';
import { byCreated, byTime, num, rowBase, str, strOrNull, type RecordMap } from './records';

export interface PupilDocRows {
  interviews: InterviewRow[];
  work: WorkRow[];
  contacts: ParentContactRow[];
}

export function pupilIdOf(docName: string): string {
  const m = /^pupil\/([a-z0-9-]{1,64})$/.exec(docName);
  if (!m) throw new Error(`Not a pupil document: ${docName}`);
  return m[1]!;
}

const texts = (map: unknown) => ((map as RecordMap | undefined)?.toJSON() ?? {}) as Record<string, string>;

export function projectPupilDoc(doc: Y.Doc, docName: string): PupilDocRows {
  const pupilId = pupilIdOf(docName);
  const base = (r: RecordMap) => rowBase(r, docName, pupilId);
  return {
    interviews: [...interviews(doc).values()].map((r): InterviewRow => ({
      ...base(r),
      kind: str(r, 'kind', 'reflection') as InterviewKind,
      status: r.get('status') === 'complete' ? 'complete' : 'draft',
      questionSetVersion: num(r, 'questionSetVersion') ?? 1,
      questions: (r.get('questions') as Question[] | undefined) ?? [],
      answers: texts(r.get('answers')),
      staffComments: texts(r.get('staffComments')),
      fields: interviewFieldsSchema.parse(texts(r.get('fields'))),
      completedBy: strOrNull(r, 'completedBy'),
      completedAt: strOrNull(r, 'completedAt'),
      amendments: ((r.get('amendments') as Y.Array<{ by: string; at: string }> | undefined)?.toArray() ?? []).slice(),
    })).sort(byCreated),
    work: [...workItems(doc).values()].map((r) => ({
      ...base(r),
      subject: str(r, 'subject'),
      setBy: str(r, 'setBy'),
      task: str(r, 'task'),
      status: str(r, 'status', 'set') as WorkStatus,
      effort: num(r, 'effort'),
      objectivesMet: str(r, 'objectivesMet'),
      updatedBy: str(r, 'updatedBy'),
      updatedAt: str(r, 'updatedAt'),
    })).sort(byCreated),
    contacts: [...parentContacts(doc).values()].map((r) => withOpenFollowUp({
      ...base(r),
      at: str(r, 'at'),
      method: str(r, 'method', 'phone') as ContactMethod,
      withWhom: str(r, 'withWhom'),
      summary: str(r, 'summary'),
      outcome: str(r, 'outcome'),
      followUpDue: str(r, 'followUpDue'),
      followUpDoneBy: strOrNull(r, 'followUpDoneBy'),
      followUpDoneAt: strOrNull(r, 'followUpDoneAt'),
    })).sort(byTime((r) => r.at)),
  };
}
