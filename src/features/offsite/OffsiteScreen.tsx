// Off-site check-in, phone first: choose the provider and day, then check in each pupil expected there (works with no signal).
import { useMemo, useState } from 'react';
import { useCommand, useDoc } from '../../app/hooks';
import type { PupilRow, SchoolRow } from '../../db/database';
import { providerDayDocName } from '../../docs/names';
import { addToProviderDay } from '../../docs/providerDayDoc';
import { isCheckedIn } from '../../domain/offsite';
import { expectedOn, policyStatus, policyStatusLabels, staffChecksStatus, staffChecksStatusLabels, type Provider } from '../../domain/provider';
import { notSchoolDayReason, type SchoolCalendar } from '../../domain/schoolCalendar';
import { formatLongDate, isoDateSchema, toIsoDate } from '../../domain/time';
import { useUiStore } from '../../state/uiStore';
import { usePupils } from '../today/useRegister';
import { PupilSearch } from '../../components/PupilSearch';
import { CheckInCard } from './CheckInCard';
import { useProviderDay } from './useProviderDay';

function ProviderContact({ provider, today }: { provider: Provider; today: string }) {
  const status = policyStatus(provider.policyReceivedOn, today);
  const checks = staffChecksStatus(provider, today);
  return (
    <>
      {status !== 'current' && <p className="banner error">{policyStatusLabels[status]}: tell the off-site coordinator.</p>}
      {checks !== 'current' && <p className="banner error">{staffChecksStatusLabels[checks]}: tell the off-site coordinator.</p>}
      <details className="provider-contact">
        <summary>Contact {provider.name}</summary>
        <p>{provider.contactName || 'No contact named'}</p>
        <div className="row wrap">
          {provider.phone && (
            <a className="button-link" href={`tel:${provider.phone.replace(/\s/g, '')}`}>
              Call {provider.phone}
            </a>
          )}
          {provider.email && (
            <a className="button-link" href={`mailto:${provider.email}`}>
              Email {provider.email}
            </a>
          )}
        </div>
        {provider.note && <p className="muted">{provider.note}</p>}
      </details>
    </>
  );
}

function ProviderDay({ provider, date, pupils, calendar }: { provider: Provider; date: string; pupils: PupilRow[]; calendar: SchoolCalendar }) {
  const doc = useDoc(providerDayDocName(provider.id, date));
  const day = useProviderDay(provider.id, date);
  const run = useCommand();
  const byId = useMemo(() => new Map(pupils.map((p) => [p.id, p])), [pupils]);
  const expected = useMemo(() => new Set(expectedOn(provider, date, calendar, byId)), [provider, date, calendar, byId]);
  const closed = notSchoolDayReason(date, calendar);
  if (!doc || !day) return <p aria-busy="true">Opening the day…</p>;
  const ids = [...new Set([...expected, ...day.checkIns.keys()])].filter((id) => byId.has(id));
  ids.sort((a, b) => byId.get(a)!.sortKey.localeCompare(byId.get(b)!.sortKey));
  const checkedIn = ids.filter((id) => {
    const row = day.checkIns.get(id);
    return row && isCheckedIn(row);
  }).length;
  return (
    <>
      <p className="counts">
        {checkedIn} of {ids.length} checked in
      </p>
      {closed && (
        <p className="banner info">
          {closed}: not a school day, so no pupil is expected and no session goes to the school register. Add a pupil
          below only if they were here.
        </p>
      )}
      {ids.length === 0 && !closed && <p className="muted">No pupils expected here on this day. Add one below.</p>}
      <div className="checkins">
        {ids.map((id) => (
          <CheckInCard
            key={id}
            doc={doc}
            provider={provider}
            pupil={byId.get(id)!}
            row={day.checkIns.get(id)}
            incidents={day.incidents.filter((i) => i.pupilId === id)}
            progress={day.progress.filter((p) => p.pupilId === id)}
            expected={expected.has(id)}
          />
        ))}
      </div>
      <PupilSearch pupils={pupils} label="Add a pupil" verb="Add" exclude={new Set(ids)} onPick={(p) => run((a) => addToProviderDay(doc, p.id, a))} />
    </>
  );
}

export function OffsiteScreen({ school }: { school: SchoolRow }) {
  const providers = school.providers ?? [];
  const { providerId, chooseProvider } = useUiStore();
  const today = toIsoDate(new Date());
  const [date, setDate] = useState(today);
  const pupils = usePupils();
  const provider = providers.find((p) => p.id === providerId) ?? providers[0];
  if (!provider) return <p className="banner info">No alternative providers yet: add them in Settings, under “Alternative providers”.</p>;
  return (
    <div className="offsite">
      <h1>Off-site check-in</h1>
      <div className="offsite-pickers">
        <label>
          Provider
          <select value={provider.id} onChange={(e) => chooseProvider(e.target.value)}>
            {providers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Day
          <input type="date" value={date} required onChange={(e) => isoDateSchema.safeParse(e.target.value).success && setDate(e.target.value)} />
        </label>
      </div>
      <p className="muted">{formatLongDate(date)}</p>
      <ProviderContact provider={provider} today={today} />
      {pupils ? <ProviderDay key={`${provider.id}/${date}`} provider={provider} date={date} pupils={pupils} calendar={school.calendar} /> : <p aria-busy="true">Loading pupils…</p>}
    </div>
  );
}
