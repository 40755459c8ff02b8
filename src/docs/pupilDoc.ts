// The pupil document (`pupil/<id>`): interviews, work and parent contacts that outlive any one room-day.
import * as Y from 'yjs';
import {
  answerTextSchema,
  finishProblems,
  interviewFieldsPatchSchema,
  interviewFieldsSchema,
  questionSetSchema,
  type InterviewFields,
  type InterviewKind,
  type Question,
  type QuestionSet,
} from '../domain/interview';
import { workInputSchema, workProgressSchema, type WorkInput, type WorkProgress } from '../domain/work';
import { parentContactInputSchema, type ParentContactInput } from '../domain/parentContact';
import { newId } from '../domain/ids';
import {
  CommandError,
  createRecord,
  createdStamp,
  parseInput,
  requireRecord,
  setFields,
  stamp,
  type Actor,
  type RecordCollection,
  type RecordMap,
} from './records';

export const interviews = (doc: Y.Doc): RecordCollection => doc.getMap('interviews');
export const workItems = (doc: Y.Doc): RecordCollection => doc.getMap('work');
export const parentContacts = (doc: Y.Doc): RecordCollection => doc.getMap('contacts');

/** Starts an interview on the school's current questions, which it keeps even if the school edits them later. */
export function startInterview(doc: Y.Doc, pupilId: string, questionSet: QuestionSet, actor: Actor): string {
  const set = parseInput(questionSetSchema, questionSet);
  const id = newId();
  doc.transact(() => {
    const record = createRecord(interviews(doc), id, {
      id,
      pupilId,
      kind: set.kind,
      status: 'draft',
      questionSetVersion: set.version,
      questions: set.questions,
      ...createdStamp(actor),
    });
    // Answers, comments and fields are maps created with the record, so devices edit keys, never whole maps.
    record.set('answers', new Y.Map());
    record.set('staffComments', new Y.Map());
    record.set('fields', new Y.Map());
    record.set('amendments', new Y.Array());
  });
  return id;
}

export interface InterviewDraft {
  answers?: Record<string, string>;
  staffComments?: Record<string, string>;
  fields?: Partial<InterviewFields>;
}

function setTexts(map: RecordMap, values: Record<string, string> | undefined, questions: Question[]): boolean {
  if (!values) return false;
  const known = new Set(questions.map((q) => q.id));
  let changed = false;
  for (const [qid, text] of Object.entries(values)) {
    if (text === undefined) continue;
    if (!known.has(qid)) throw new CommandError('invalid-input', `No question ${qid} in this interview`);
    parseInput(answerTextSchema, text);
    if (map.get(qid) !== text) {
      map.set(qid, text);
      changed = true;
    }
  }
  return changed;
}

/** Saves what has been typed so far. Editing a finished interview is an amendment: who and when are kept. */
export function saveInterview(doc: Y.Doc, interviewId: string, draft: InterviewDraft, actor: Actor): void {
  const record = requireRecord(interviews(doc), interviewId, 'Interview');
  const questions = record.get('questions') as Question[];
  const fields = draft.fields ? parseInput(interviewFieldsPatchSchema, draft.fields) : undefined;
  doc.transact(() => {
    let changed = setTexts(record.get('answers') as RecordMap, draft.answers, questions);
    changed = setTexts(record.get('staffComments') as RecordMap, draft.staffComments, questions) || changed;
    if (fields) changed = setFields(record.get('fields') as RecordMap, fields) || changed;
    if (!changed) return;
    stamp(record, actor);
    if (record.get('status') === 'complete') (record.get('amendments') as Y.Array<unknown>).push([{ by: actor.staffId, at: actor.at }]);
  });
}

/** Discards an interview never finished (a tablet left mid-way, started by mistake); a finished one is part of the record. */
export function discardDraftInterview(doc: Y.Doc, interviewId: string): void {
  const record = requireRecord(interviews(doc), interviewId, 'Interview');
  if (record.get('status') === 'complete') throw new CommandError('rule', 'A finished interview is part of the record: it cannot be discarded');
  doc.transact(() => interviews(doc).delete(interviewId));
}

export function finishInterview(doc: Y.Doc, interviewId: string, actor: Actor): void {
  const record = requireRecord(interviews(doc), interviewId, 'Interview');
  if (record.get('status') === 'complete') return;
  const fields = interviewFieldsSchema.parse((record.get('fields') as RecordMap).toJSON());
  const answers = (record.get('answers') as RecordMap).toJSON() as Record<string, string>;
  const problems = finishProblems(record.get('kind') as InterviewKind, fields, answers, record.get('questions') as Question[]);
  if (problems.length) throw new CommandError('rule', problems.join('. '), problems);
  doc.transact(() => {
    record.set('status', 'complete');
    record.set('completedBy', actor.staffId);
    record.set('completedAt', actor.at);
    stamp(record, actor);
  });
}

export function addWork(doc: Y.Doc, pupilId: string, input: WorkInput, actor: Actor): string {
  const work = parseInput(workInputSchema, input);
  const id = newId();
  doc.transact(() => {
    createRecord(workItems(doc), id, { id, pupilId, ...work, status: 'set', objectivesMet: '', ...createdStamp(actor) });
  });
  return id;
}

export function updateWork(doc: Y.Doc, workId: string, progress: WorkProgress, actor: Actor): void {
  const changes = parseInput(workProgressSchema, progress);
  const record = requireRecord(workItems(doc), workId, 'Work');
  doc.transact(() => {
    let changed = false;
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) {
        changed = record.has(key) || changed;
        record.delete(key);
      } else if (value !== undefined && record.get(key) !== value) {
        record.set(key, value);
        changed = true;
      }
    }
    if (changed) stamp(record, actor);
  });
}

/** Marks a contact's follow-up done, so it leaves Today and the coordinator's list. */
export function completeFollowUp(doc: Y.Doc, contactId: string, actor: Actor): void {
  const record = requireRecord(parentContacts(doc), contactId, 'Contact');
  if (!record.get('followUpDue')) throw new CommandError('rule', 'This contact has no follow-up');
  if (record.get('followUpDoneAt')) return;
  doc.transact(() => setFields(record, { followUpDoneBy: actor.staffId, followUpDoneAt: actor.at }));
}

export function addParentContact(doc: Y.Doc, pupilId: string, input: ParentContactInput, actor: Actor): string {
  const contact = parseInput(parentContactInputSchema, input);
  const id = newId();
  doc.transact(() => {
    createRecord(parentContacts(doc), id, { id, pupilId, ...contact, ...createdStamp(actor) });
  });
  return id;
}
