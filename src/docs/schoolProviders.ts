// Alternative providers in the school document: details edited field by field, and each pupil's attendance days.
import * as Y from 'yjs';
import { providerArrangements, type ProviderArrangement } from '../domain/attendanceCodes';
import { attendanceDaysSchema, providerFormSchema, type Provider, type ProviderInput } from '../domain/provider';
import { createRecord, createdStamp, parseInput, requireRecord, setFields, stamp, str, type Actor, type RecordCollection, type RecordMap } from './records';

const providers = (doc: Y.Doc): RecordCollection => doc.getMap('providers');

/** Adds a provider, or edits the changed fields of one already there. */
export function saveProvider(doc: Y.Doc, input: ProviderInput, actor: Actor): void {
  const provider = parseInput(providerFormSchema, input);
  doc.transact(() => {
    const existing = providers(doc).get(provider.id);
    if (existing) {
      if (setFields(existing, provider)) stamp(existing, actor);
      return;
    }
    const record = createRecord(providers(doc), provider.id, { ...provider, ...createdStamp(actor) });
    // Created with the record, so two devices never each create their own list of attending pupils.
    record.set('attends', new Y.Map());
  });
}

/** Sets the weekdays a pupil attends a provider; no days takes them off its list. */
export function setAttendanceDays(doc: Y.Doc, input: { providerId: string; pupilId: string; days: number[] }, actor: Actor): void {
  const { providerId, pupilId, days } = parseInput(attendanceDaysSchema, input);
  const record = requireRecord(providers(doc), providerId, 'Provider');
  const attends = record.get('attends') as RecordMap;
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  doc.transact(() => {
    if (sorted.length === 0) attends.delete(pupilId);
    else if (JSON.stringify(attends.get(pupilId)) !== JSON.stringify(sorted)) attends.set(pupilId, sorted);
    stamp(record, actor);
  });
}

export function projectProviders(doc: Y.Doc): Provider[] {
  return [...providers(doc).values()]
    .map((p) => {
      const attends = p.get('attends') as RecordMap | undefined;
      return {
        id: str(p, 'id'),
        name: str(p, 'name'),
        contactName: str(p, 'contactName'),
        phone: str(p, 'phone'),
        email: str(p, 'email'),
        note: str(p, 'note'),
        policyReceivedOn: str(p, 'policyReceivedOn'),
        staffChecksConfirmedBy: str(p, 'staffChecksConfirmedBy'),
        staffChecksConfirmedOn: str(p, 'staffChecksConfirmedOn'),
        staffChecksRenewBy: str(p, 'staffChecksRenewBy'),
        arrangement: (providerArrangements as readonly string[]).includes(str(p, 'arrangement')) ? (str(p, 'arrangement') as ProviderArrangement) : 'school',
        attends: Object.fromEntries([...(attends?.entries() ?? [])].filter(([, d]) => Array.isArray(d))) as Record<string, number[]>,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
}
