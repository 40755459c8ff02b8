// Providers in the school document: added, edited field by field, pupils' days set and cleared, and projected with the school.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { saveProvider, setAttendanceDays } from './schoolProviders';
import { projectSchool } from './schoolDoc';
import { CommandError, type Actor } from './records';

const actor: Actor = { staffId: 'staff-1', at: '2026-11-23T09:00:00.000Z' };
const oak = { id: 'oak-farm', name: 'Oak Farm Project', contactName: 'Sam Reid', phone: '01632 960123', email: 'sam@oakfarm.example', note: '', policyReceivedOn: '2026-09-01' };

describe('providers in the school document', () => {
  it('adds a provider, edits one field, and sets and clears a pupil’s days', () => {
    const doc = new Y.Doc();
    saveProvider(doc, oak, actor);
    saveProvider(doc, { ...oak, phone: '01632 960999' }, actor);
    setAttendanceDays(doc, { providerId: 'oak-farm', pupilId: 'p-1', days: [3, 1, 1] }, actor);
    setAttendanceDays(doc, { providerId: 'oak-farm', pupilId: 'p-2', days: [2] }, actor);
    setAttendanceDays(doc, { providerId: 'oak-farm', pupilId: 'p-2', days: [] }, actor);
    const [provider] = projectSchool(doc).snapshot.providers;
    // A provider saved before arrangements were recorded is read as arranged by the school (B).
    expect(provider).toEqual({ ...oak, phone: '01632 960999', arrangement: 'school', staffChecksConfirmedBy: '', staffChecksConfirmedOn: '', staffChecksRenewBy: '', attends: { 'p-1': [1, 3] } });
    saveProvider(doc, { ...oak, arrangement: 'local-authority' }, actor);
    expect(projectSchool(doc).snapshot.providers[0]!.arrangement).toBe('local-authority');
  });

  it('refuses a bad email, a provider with no name, and days for a provider that does not exist', () => {
    const doc = new Y.Doc();
    expect(() => saveProvider(doc, { ...oak, email: 'not-an-email' }, actor)).toThrow(CommandError);
    expect(() => saveProvider(doc, { ...oak, name: ' ' }, actor)).toThrow('Give the provider a name');
    expect(() => setAttendanceDays(doc, { providerId: 'nope', pupilId: 'p-1', days: [1] }, actor)).toThrow('Provider not found');
  });

  it('merges two devices adding different pupils to the same provider', () => {
    const base = new Y.Doc();
    saveProvider(base, oak, actor);
    const a = new Y.Doc();
    const b = new Y.Doc();
    Y.applyUpdate(a, Y.encodeStateAsUpdate(base));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(base));
    setAttendanceDays(a, { providerId: 'oak-farm', pupilId: 'p-1', days: [1] }, actor);
    setAttendanceDays(b, { providerId: 'oak-farm', pupilId: 'p-2', days: [4] }, actor);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    expect(projectSchool(a).snapshot.providers[0]?.attends).toEqual({ 'p-1': [1], 'p-2': [4] });
  });
});
