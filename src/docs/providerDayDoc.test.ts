// Provider-day commands and projection: check-ins, the rules, concerns confirmed, incidents, progress, and two phones merging.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addIncident, addProgress, addTarget, addToProviderDay, closeTarget, confirmConcernLogged, decideIncident, saveCheckIn, settleSessionCode } from './providerDayDoc';
import { projectProviderDay } from './providerDayProjection';
import { awaitsOfficer } from '../domain/offsite';
import { providerDayDocName } from './names';
import { CommandError, type Actor } from './records';

const NAME = providerDayDocName('oak-farm', '2026-11-23');
const actor: Actor = { staffId: 'staff-1', at: '2026-11-23T09:05:00.000Z' };
const later: Actor = { staffId: 'staff-2', at: '2026-11-23T11:00:00.000Z' };
const rows = (doc: Y.Doc) => projectProviderDay(doc, NAME);
const checkIn = (doc: Y.Doc, pupilId = 'p-1') => rows(doc).checkIns.find((c) => c.pupilId === pupilId)!;

describe('provider-day commands', () => {
  it('names the document provider/<id>/<date> and projects a saved check-in', () => {
    expect(NAME).toBe('provider/oak-farm/2026-11-23');
    const doc = new Y.Doc();
    saveCheckIn(doc, { pupilId: 'p-1', am: 'present', arrivedAt: '09:02', mood: 'settled'  }, 'school', actor);
    expect(checkIn(doc)).toMatchObject({
      id: `${NAME}#p-1`, providerId: 'oak-farm', date: '2026-11-23', arrivedAt: '09:02', leftAt: null,
      mood: 'settled', concern: false, createdBy: 'staff-1',
    });
  });

  it('refuses a departure before arrival and a non-attendance with no follow-up, writing nothing', () => {
    const doc = new Y.Doc();
    expect(() => saveCheckIn(doc, { pupilId: 'p-1', am: 'present', arrivedAt: '10:00', leftAt: '09:00'  }, 'school', actor)).toThrow(CommandError);
    expect(() => saveCheckIn(doc, { pupilId: 'p-1', am: 'not-present'  }, 'school', actor)).toThrow(/follow-up/);
    expect(rows(doc).checkIns).toEqual([]);
    saveCheckIn(doc, { pupilId: 'p-1', am: 'not-present', followUp: 'Rang home: no answer. Told Ms Patel.'  }, 'school', actor);
    expect(checkIn(doc).followUp).toBe('Rang home: no answer. Told Ms Patel.');
  });

  it('raises a concern as a flag with who and when, confirms it, and will not withdraw a logged one', () => {
    const doc = new Y.Doc();
    saveCheckIn(doc, { pupilId: 'p-1', am: 'present', concern: true  }, 'local-authority', actor);
    expect(checkIn(doc)).toMatchObject({ concern: true, concernRaisedBy: 'staff-1', concernLoggedAt: null });
    confirmConcernLogged(doc, 'p-1', later);
    expect(checkIn(doc)).toMatchObject({ concernLoggedBy: 'staff-2', concernLoggedAt: later.at });
    expect(() => saveCheckIn(doc, { pupilId: 'p-1', am: 'present', concern: false  }, 'local-authority', actor)).toThrow(/already logged/);
  });

  it('saves an incident before the decision is known, awaiting it, then records who decided and when', () => {
    const doc = new Y.Doc();
    const id = addIncident(doc, { pupilId: 'p-2', at: '10:40', what: 'Walked off site at break' }, actor);
    expect(rows(doc).incidents).toEqual([expect.objectContaining({ id, decided: '', decidedBy: null, decidedAt: null })]);
    expect(() => decideIncident(doc, { incidentId: id, decided: ' ' }, later)).toThrow(/decided/);
    decideIncident(doc, { incidentId: id, decided: 'Coordinator rang home; back tomorrow' }, later);
    expect(rows(doc).incidents[0]).toMatchObject({ decided: 'Coordinator rang home; back tomorrow', decidedBy: 'staff-2', decidedAt: later.at });
    expect(() => decideIncident(doc, { incidentId: 'nope', decided: 'x' }, later)).toThrow(/not found/);
  });

  it('keeps IBEC targets in the day’s `targets` map and ratings that name them; a closed target keeps its ratings', () => {
    const doc = new Y.Doc();
    const id = addTarget(doc, { pupilId: 'p-2', text: 'Stay on task for 20 minutes', agreedWith: 'Sam Reid' }, actor);
    expect(() => addTarget(doc, { pupilId: 'p-2', text: '' }, actor)).toThrow(CommandError);
    addProgress(doc, { pupilId: 'p-2', targetId: id, target: 'Stay on task for 20 minutes', rating: 2 }, actor);
    closeTarget(doc, id, later);
    expect([...doc.share.keys()].sort()).toEqual(['checkIns', 'progress', 'targets']);
    const r = rows(doc);
    expect(r.targets).toEqual([expect.objectContaining({ id, pupilId: 'p-2', text: 'Stay on task for 20 minutes', agreedWith: 'Sam Reid', closedAt: later.at, docName: NAME })]);
    expect(r.progress).toEqual([expect.objectContaining({ targetId: id, rating: 2 })]);
  });

  it('adds a pupil once, and records incidents and progress for them', () => {
    const doc = new Y.Doc();
    expect(addToProviderDay(doc, 'p-2', actor)).toBe(true);
    expect(addToProviderDay(doc, 'p-2', actor)).toBe(false);
    addIncident(doc, { pupilId: 'p-2', at: '10:40', reportedBy: 'Sam Reid', what: 'Left the workshop without permission', decided: 'Sent home; coordinator rang mum' }, actor);
    addProgress(doc, { pupilId: 'p-2', target: 'Stay on task for 20 minutes', rating: 2 }, actor);
    expect(() => addProgress(doc, { pupilId: 'p-2', target: 'x', rating: 5 }, actor)).toThrow(CommandError);
    expect(() => addIncident(doc, { pupilId: 'p-2', at: '10:40', what: '', decided: '' }, actor)).toThrow(/what happened/i);
    const r = rows(doc);
    expect(r.checkIns.map((c) => c.sessions.am.attendance)).toEqual([null]);
    expect(r.incidents).toEqual([expect.objectContaining({ pupilId: 'p-2', at: '10:40', reportedBy: 'Sam Reid', docName: NAME })]);
    expect(r.progress).toEqual([expect.objectContaining({ target: 'Stay on task for 20 minutes', rating: 2, note: '' })]);
  });

  it.each(['a then b', 'b then a'])('merges two phones editing one check-in offline (%s)', (order) => {
    const base = new Y.Doc();
    saveCheckIn(base, { pupilId: 'p-1', am: 'present', arrivedAt: '09:00'  }, 'school', actor);
    const a = new Y.Doc();
    const b = new Y.Doc();
    Y.applyUpdate(a, Y.encodeStateAsUpdate(base));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(base));
    saveCheckIn(a, { pupilId: 'p-1', am: 'present', arrivedAt: '09:00', leftAt: '14:30'  }, 'school', actor);
    saveCheckIn(b, { pupilId: 'p-1', am: 'present', arrivedAt: '09:00', mood: 'low', concern: true  }, 'school', later);
    addIncident(b, { pupilId: 'p-3', at: '11:00', what: 'Argument at lunch', decided: 'Spoke to him; no further action' }, later);
    const merged = new Y.Doc();
    const updates = [Y.encodeStateAsUpdate(a), Y.encodeStateAsUpdate(b)];
    for (const u of order === 'a then b' ? updates : updates.reverse()) Y.applyUpdate(merged, u);
    expect(checkIn(merged).sessions.am.code).toBe('B');
    expect(checkIn(merged)).toMatchObject({ arrivedAt: '09:00', leftAt: '14:30', mood: 'low', concern: true, concernRaisedBy: 'staff-2' });
    expect(rows(merged).checkIns.map((c) => c.pupilId).sort()).toEqual(['p-1', 'p-3']);
    expect(rows(merged).incidents).toHaveLength(1);
  });

  it('marks a check-in and an incident as waiting on the school (the coordinator\'s index) until each is dealt with', () => {
    const doc = new Y.Doc();
    saveCheckIn(doc, { pupilId: 'p-1', am: 'present', mood: 'settled' }, 'school', actor);
    expect(checkIn(doc)).not.toHaveProperty('awaitsSchool');
    saveCheckIn(doc, { pupilId: 'p-1', am: 'present', concern: true }, 'school', actor);
    expect(checkIn(doc).awaitsSchool).toBe('2026-11-23');
    confirmConcernLogged(doc, 'p-1', later);
    expect(checkIn(doc)).not.toHaveProperty('awaitsSchool');
    saveCheckIn(doc, { pupilId: 'p-2', am: 'present', pm: 'not-present', followUp: 'Went home ill' }, 'school', actor);
    expect(checkIn(doc, 'p-2').awaitsSchool).toBe('2026-11-23');
    settleSessionCode(doc, { pupilId: 'p-2', session: 'pm', code: 'I' }, later);
    expect(checkIn(doc, 'p-2')).not.toHaveProperty('awaitsSchool');
    const id = addIncident(doc, { pupilId: 'p-3', at: '10:40', what: 'Walked off site at break' }, actor);
    expect(rows(doc).incidents[0]!.undecidedOn).toBe('2026-11-23');
    decideIncident(doc, { incidentId: id, decided: 'Rang home' }, later);
    expect(rows(doc).incidents[0]).not.toHaveProperty('undecidedOn');
  });

  it('codes a session the pupil attended by the provider’s arrangement, and leaves a missed one for the attendance officer', () => {
    const doc = new Y.Doc();
    saveCheckIn(doc, { pupilId: 'p-1', am: 'present', pm: 'not-present', followUp: 'Went home ill at lunch; mum collected' }, 'school', actor);
    expect(checkIn(doc).sessions).toMatchObject({ am: { attendance: 'present', code: 'B' }, pm: { attendance: 'not-present', code: null, settled: false } });
    expect(() => settleSessionCode(doc, { pupilId: 'p-1', session: 'am', code: 'I' }, later)).toThrow(/Only a session the pupil was not present for/);
    expect(() => settleSessionCode(doc, { pupilId: 'p-1', session: 'pm', code: 'B' }, later)).toThrow(/absence code the school decides/);
    settleSessionCode(doc, { pupilId: 'p-1', session: 'pm', code: 'I' }, later);
    expect(checkIn(doc).sessions.pm).toEqual({ attendance: 'not-present', code: 'I', settled: true, settledBy: 'staff-2', settledAt: later.at });
    // The assistant correcting the mark starts the session afresh.
    saveCheckIn(doc, { pupilId: 'p-1', am: 'present', pm: 'present', followUp: 'Came back at 13:30' }, 'school', actor);
    expect(checkIn(doc).sessions.pm).toMatchObject({ attendance: 'present', code: 'B', settled: false });
  });

  it('codes every session at a provider the pupil is dual registered at D, missed or not: that school records the absence', () => {
    const doc = new Y.Doc();
    saveCheckIn(doc, { pupilId: 'p-1', am: 'present', pm: 'not-present', followUp: 'Went home ill at lunch; mum collected' }, 'dual-registration', actor);
    expect(checkIn(doc).sessions).toMatchObject({ am: { attendance: 'present', code: 'D' }, pm: { attendance: 'not-present', code: 'D', settled: false } });
    expect(awaitsOfficer(checkIn(doc).sessions.pm)).toBe(false);
    // Arranged by the local authority, a missed session is the officer's to code.
    saveCheckIn(doc, { pupilId: 'p-2', am: 'not-present', followUp: 'No show; rang home' }, 'local-authority', actor);
    expect(checkIn(doc, 'p-2').sessions.am).toMatchObject({ attendance: 'not-present', code: null });
    expect(awaitsOfficer(checkIn(doc, 'p-2').sessions.am)).toBe(true);
  });
});
