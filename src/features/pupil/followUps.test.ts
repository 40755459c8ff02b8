// Follow-ups due through the real store (fake-indexeddb): listed from their due date, longest overdue first, gone once done.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database';
import { DocStore } from '../../db/docStore';
import { pupilDocName } from '../../docs/names';
import { addParentContact, completeFollowUp } from '../../docs/pupilDoc';
import { readFollowUpsDue } from './readFollowUpsDue';

const actor = { staffId: 'staff-1', at: '2026-11-23T09:00:00.000Z' };
const today = '2026-11-23';
let close: (() => void) | undefined;
afterEach(() => close?.());

describe('parent and carer follow-ups due', () => {
  it('lists follow-ups from their due date, oldest first, until each is marked done', async () => {
    const db = openDatabase(`follow-ups-${Math.random().toString(36).slice(2)}`);
    const docs = new DocStore(db);
    close = () => {
      docs.close();
      db.close();
    };
    const jess = await docs.open(pupilDocName('p-jess'));
    const sam = await docs.open(pupilDocName('p-sam'));
    const ring = addParentContact(jess.doc, 'p-jess', { at: '2026-11-20T16:00', method: 'phone', withWhom: 'Mum', summary: 'Monday', followUpDue: '2026-11-23' }, actor);
    const late = addParentContact(sam.doc, 'p-sam', { at: '2026-11-16T16:00', method: 'email', withWhom: 'Dad', summary: 'Timetable', followUpDue: '2026-11-19' }, actor);
    addParentContact(sam.doc, 'p-sam', { at: '2026-11-23T09:00', method: 'phone', withWhom: 'Dad', summary: 'Review', followUpDue: '2026-11-30' }, actor);
    addParentContact(sam.doc, 'p-sam', { at: '2026-11-23T09:30', method: 'phone', withWhom: 'Dad', summary: 'No follow-up' }, actor);
    await Promise.all([jess.projected(), sam.projected()]);
    // As Today reads them: by the open follow-ups' index, which the projection keeps (a done one leaves it).
    const due = async () => (await readFollowUpsDue(db, today)).map((c) => c.id);
    expect(await due()).toEqual([late, ring]);

    completeFollowUp(sam.doc, late, { staffId: 'staff-2', at: '2026-11-23T10:00:00.000Z' });
    expect(() => completeFollowUp(sam.doc, 'missing', actor)).toThrow(/not found/);
    await sam.projected();
    expect(await due()).toEqual([ring]);
    expect(await db.parentContacts.get(late)).toMatchObject({ followUpDoneBy: 'staff-2', followUpDoneAt: '2026-11-23T10:00:00.000Z' });
    // Only contacts with a follow-up still to do are in the index: the one due next week, and today's.
    expect((await db.parentContacts.where('openFollowUpDue').above('').primaryKeys()).length).toBe(2);
  });
});
