import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addParentContact, addWork, discardDraftInterview, finishInterview, saveInterview, startInterview, updateWork } from './pupilDoc';
import { projectPupilDoc } from './pupilProjection';
import { CommandError, type Actor } from './records';
import type { QuestionSet } from '../domain/interview';

const NAME = 'pupil/pupil-a';
const actor: Actor = { staffId: 'staff-1', at: '2026-11-23T09:10:00.000Z' };
const later: Actor = { staffId: 'staff-2', at: '2026-11-23T14:00:00.000Z' };
const reflection: QuestionSet = {
  kind: 'reflection',
  version: 3,
  questions: [
    { id: 'what', prompt: 'What happened?' },
    { id: 'feel', prompt: 'What were you thinking and feeling?' },
    { id: 'next', prompt: 'What will you do differently next time?' },
  ],
};
const rows = (doc: Y.Doc) => projectPupilDoc(doc, NAME);

describe('interviews', () => {
  it('keeps a draft as typed, the pupil’s words apart from staff comment, and the questions it was asked', () => {
    const doc = new Y.Doc();
    const id = startInterview(doc, 'pupil-a', reflection, actor);
    saveInterview(doc, id, { answers: { what: 'I shouted at sir' }, staffComments: { what: 'Calm, honest' } }, actor);
    expect(rows(doc).interviews[0]).toMatchObject({
      kind: 'reflection',
      status: 'draft',
      questionSetVersion: 3,
      questions: reflection.questions,
      answers: { what: 'I shouted at sir' },
      staffComments: { what: 'Calm, honest' },
    });
    expect(() => saveInterview(doc, id, { answers: { nope: 'x' } }, actor)).toThrow(/No question nope/);
  });

  it('finishes only when the kind’s requirements are met, then records amendments with who and when', () => {
    const doc = new Y.Doc();
    const entry = startInterview(doc, 'pupil-a', { kind: 'entry', version: 1, questions: [{ id: 'why', prompt: 'Why are you here?' }] }, actor);
    expect(() => finishInterview(doc, entry, actor)).toThrow(CommandError);
    saveInterview(doc, entry, { answers: { why: 'Fighting' }, fields: { reason: 'Fight at lunch' } }, actor);
    expect(() => finishInterview(doc, entry, actor)).toThrow(/expectations were agreed/);
    saveInterview(doc, entry, { fields: { expectationsAgreed: true } }, actor);
    finishInterview(doc, entry, actor);
    expect(rows(doc).interviews[0]).toMatchObject({ status: 'complete', completedBy: 'staff-1', amendments: [] });
    saveInterview(doc, entry, { fields: { needsCheck: 'Hungry: no breakfast' } }, later);
    saveInterview(doc, entry, { fields: { needsCheck: 'Hungry: no breakfast' } }, later);
    expect(rows(doc).interviews[0]!.amendments).toEqual([{ by: 'staff-2', at: later.at }]);
  });
});

describe('discarding a draft interview', () => {
  it('removes an abandoned draft and refuses to discard a finished interview', () => {
    const doc = new Y.Doc();
    const draft = startInterview(doc, 'pupil-a', reflection, actor);
    saveInterview(doc, draft, { answers: { what: 'I was' } }, actor);
    const kept = startInterview(doc, 'pupil-a', reflection, actor);
    saveInterview(doc, kept, { answers: { what: 'a', feel: 'b', next: 'c' } }, actor);
    finishInterview(doc, kept, actor);
    discardDraftInterview(doc, draft);
    expect(rows(doc).interviews.map((i) => i.id)).toEqual([kept]);
    expect(() => discardDraftInterview(doc, kept)).toThrow(/finished interview/);
    expect(() => discardDraftInterview(doc, draft)).toThrow(CommandError);
  });
});

describe('work and parent contacts', () => {
  it('tracks work from set to done with effort and objectives', () => {
    const doc = new Y.Doc();
    const id = addWork(doc, 'pupil-a', { subject: 'Maths', setBy: 'Mr Osei', task: 'Fractions sheet 3' }, actor);
    expect(() => addWork(doc, 'pupil-a', { subject: '', setBy: 'x', task: 'y' }, actor)).toThrow(/Name the subject/);
    updateWork(doc, id, { status: 'done', effort: 2, objectivesMet: 'Adds fractions with unlike denominators' }, later);
    expect(rows(doc).work).toEqual([
      expect.objectContaining({ subject: 'Maths', status: 'done', effort: 2, updatedBy: 'staff-2', createdBy: 'staff-1' }),
    ]);
    updateWork(doc, id, { effort: null }, later);
    expect(rows(doc).work[0]!.effort).toBeNull();
  });

  it('records a parent contact and refuses one without a summary', () => {
    const doc = new Y.Doc();
    const contact = { at: '2026-11-23T12:30', method: 'phone' as const, withWhom: 'Mum (Ms Okafor)', summary: 'Explained the day' };
    addParentContact(doc, 'pupil-a', { ...contact, followUpDue: '2026-11-25' }, actor);
    expect(() => addParentContact(doc, 'pupil-a', { ...contact, summary: ' ' }, actor)).toThrow(/Summarise/);
    expect(rows(doc).contacts).toEqual([expect.objectContaining({ method: 'phone', followUpDue: '2026-11-25', outcome: '' })]);
  });
});

/** mulberry32: small, seeded and fast; the seed is in the test name so a failure can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ (t + Math.imul(t ^ (t >>> 14), 71 | t));
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASE_SEED = Number(process.env.PROPERTY_SEED ?? 20261123);

describe('two devices editing one pupil offline', () => {
  for (let round = 0; round < 25; round++) {
    const seed = BASE_SEED + round;
    it(`loses no field and duplicates no note, in either merge order (seed ${seed})`, () => {
      const rand = random(seed);
      const start = new Y.Doc();
      const interview = startInterview(start, 'pupil-a', reflection, actor);
      const devices = [new Y.Doc(), new Y.Doc()];
      for (const d of devices) Y.applyUpdate(d, Y.encodeStateAsUpdate(start));
      const expectedWork = new Set<string>();
      const lastWriteByKey = new Map<string, Set<string>>();
      for (let step = 0; step < 30; step++) {
        const which = rand() < 0.5 ? 0 : 1;
        const doc = devices[which]!;
        const who: Actor = { staffId: `staff-${which}`, at: actor.at };
        const r = rand();
        if (r < 0.5) {
          const q = reflection.questions[Math.floor(rand() * 3)]!.id;
          const text = `device ${which} step ${step}`;
          saveInterview(doc, interview, { answers: { [q]: text } }, who);
          lastWriteByKey.set(q, (lastWriteByKey.get(q) ?? new Set()).add(text));
        } else {
          const task = `task ${which}-${step}`;
          addWork(doc, 'pupil-a', { subject: 'English', setBy: 'Ms Hale', task }, who);
          expectedWork.add(task);
        }
      }
      const [a, b] = devices as [Y.Doc, Y.Doc];
      const fromA = Y.encodeStateAsUpdate(a);
      const fromB = Y.encodeStateAsUpdate(b);
      Y.applyUpdate(a, fromB);
      Y.applyUpdate(b, fromA);
      const ra = rows(a);
      const rb = rows(b);
      expect(ra).toEqual(rb);
      expect(new Set(ra.work.map((w) => w.task))).toEqual(expectedWork);
      expect(ra.work).toHaveLength(expectedWork.size);
      expect(ra.interviews).toHaveLength(1);
      // Every answered question keeps an answer that one of the devices really wrote.
      for (const [q, written] of lastWriteByKey) expect(written.has(ra.interviews[0]!.answers[q]!)).toBe(true);
    });
  }
});
