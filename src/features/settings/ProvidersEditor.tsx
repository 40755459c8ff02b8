// Settings → Alternative providers: the list with policy warnings, a form to add or edit one, and who attends on which days.
import { useState } from 'react';
import { useCommand, useSchoolDoc } from '../../app/hooks';
import type { PupilRow } from '../../db/database';
import { setAttendanceDays } from '../../docs/schoolProviders';
import { policyStatus, policyStatusLabels, weekdayLabels, weekdays, type Provider } from '../../domain/provider';
import { pupilDisplayName } from '../../domain/pupil';
import { formatLongDate, toIsoDate } from '../../domain/time';
import { PupilSearch } from '../../components/PupilSearch';
import { ProviderForm } from './ProviderForm';

const SCHOOL_WEEK = [1, 2, 3, 4, 5];

function ProviderPupils({ provider, pupils }: { provider: Provider; pupils: PupilRow[] }) {
  const doc = useSchoolDoc();
  const run = useCommand();
  const byId = new Map(pupils.map((p) => [p.id, p]));
  const setDays = (pupilId: string, days: number[]) => doc && run((a) => setAttendanceDays(doc, { providerId: provider.id, pupilId, days }, a));
  const attending = Object.entries(provider.attends).filter(([id]) => byId.has(id));
  return (
    <div className="stack">
      <h3>Pupils at {provider.name}</h3>
      {attending.length === 0 && <p className="muted">No pupils yet.</p>}
      <ul className="plain-list" aria-label={`Pupils at ${provider.name}`}>
        {attending.map(([pupilId, days]) => {
          const name = pupilDisplayName(byId.get(pupilId)!);
          return (
            <li key={pupilId}>
              <strong>{name}</strong>
              <div className="row wrap" role="group" aria-label={`Days ${name} attends`}>
                {weekdays.map((d) => (
                  <label key={d} className="check">
                    <input
                      type="checkbox"
                      aria-label={`${name} on ${weekdayLabels[d]}`}
                      checked={days.includes(d)}
                      onChange={(e) => setDays(pupilId, e.target.checked ? [...days, d] : days.filter((x) => x !== d))}
                    />
                    {weekdayLabels[d]}
                  </label>
                ))}
                <button type="button" onClick={() => setDays(pupilId, [])}>
                  Remove {name}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      <PupilSearch pupils={pupils} label={`Add a pupil to ${provider.name}`} verb="Add" exclude={new Set(Object.keys(provider.attends))} onPick={(p) => setDays(p.id, SCHOOL_WEEK)} />
    </div>
  );
}

export function ProvidersEditor({ providers, pupils }: { providers: Provider[]; pupils: PupilRow[] }) {
  const [editing, setEditing] = useState<string | null>(null);
  const today = toIsoDate(new Date());
  const current = providers.find((p) => p.id === editing) ?? null;
  return (
    <div className="stack">
      {providers.length === 0 ? (
        <p className="muted">No providers yet.</p>
      ) : (
        <ul className="plain-list" aria-label="Providers">
          {providers.map((p) => {
            const status = policyStatus(p.policyReceivedOn, today);
            return (
              <li key={p.id} className="row wrap">
                <strong>{p.name}</strong> <span className="muted">id {p.id}</span>
                <span className={status === 'current' ? 'muted' : 'flag'}>
                  {status === 'current' ? `Policy received ${formatLongDate(p.policyReceivedOn)}` : policyStatusLabels[status]}
                </span>
                <span className="muted">{Object.keys(p.attends).length} pupils</span>
                <button type="button" onClick={() => setEditing(p.id)} aria-pressed={editing === p.id}>
                  Edit {p.name}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {current ? (
        <>
          <ProviderForm key={current.id} provider={current} takenIds={[]} onDone={() => setEditing(null)} />
          <ProviderPupils provider={current} pupils={pupils} />
          <button type="button" onClick={() => setEditing(null)}>
            Done with {current.name}
          </button>
        </>
      ) : (
        <ProviderForm provider={null} takenIds={providers.map((p) => p.id)} onDone={setEditing} />
      )}
    </div>
  );
}
