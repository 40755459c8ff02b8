// The coordinator's off-site checks: concerns not yet confirmed on CPOMS, incidents awaiting a decision, and providers' lapsed policies and staff checks.
import { useLiveQuery } from 'dexie-react-hooks';
import { useCommand } from '../../app/hooks';
import { useServices } from '../../app/services';
import { pupilHref } from '../../app/route';
import type { PupilRow } from '../../db/database';
import { confirmConcernLogged } from '../../docs/providerDayDoc';
import { isUnconfirmedConcern } from '../../domain/offsite';
import { IncidentDecisionForm } from '../offsite/IncidentDecisionForm';
import { policyStatus, policyStatusLabels, staffChecksStatus, staffChecksStatusLabels, type Provider } from '../../domain/provider';
import { pupilDisplayName } from '../../domain/pupil';
import { formatDayLabel, toIsoDate } from '../../domain/time';
import { CountedList } from '../../components/CountedList';

export function OffsiteChecks({ providers, pupils }: { providers: Provider[]; pupils: Map<string, PupilRow> }) {
  const { db, docs } = useServices();
  const run = useCommand();
  // By the waiting indexes (each the day's date, so in date order): only rows still waiting on the school are read.
  const concerns = useLiveQuery(() => db.offsiteCheckIns.orderBy('awaitsSchool').filter(isUnconfirmedConcern).toArray(), [db]);
  const undecided = useLiveQuery(() => db.offsiteIncidents.orderBy('undecidedOn').toArray(), [db]);
  const today = toIsoDate(new Date());
  const lapsed = providers.filter((p) => policyStatus(p.policyReceivedOn, today) !== 'current');
  const unchecked = providers.filter((p) => staffChecksStatus(p, today) !== 'current');
  const providerName = (id: string) => providers.find((p) => p.id === id)?.name ?? id;
  const name = (id: string) => {
    const p = pupils.get(id);
    return p ? pupilDisplayName(p) : 'A pupil';
  };
  return (
    <>
      <CountedList title="Off-site safeguarding concerns" items={concerns} empty="No off-site concerns waiting.">
        {(c) => (
          <li key={c.id} className="row wrap">
            <span>
              <a href={pupilHref(c.pupilId)}>{name(c.pupilId)}</a> at {providerName(c.providerId)}, {formatDayLabel(c.date)}
            </span>
            <button
              type="button"
              onClick={async () => {
                const open = await docs.open(c.docName);
                run((a) => confirmConcernLogged(open.doc, c.pupilId, a));
              }}
            >
              Confirm {name(c.pupilId)}’s off-site concern is logged on CPOMS
            </button>
          </li>
        )}
      </CountedList>
      <CountedList title="Off-site incidents awaiting a decision" items={undecided} empty="No off-site incidents waiting for a decision.">
        {(i) => (
          <li key={i.id} className="work-item">
            <p>
              <a href={pupilHref(i.pupilId)}>{name(i.pupilId)}</a> at {providerName(i.providerId)}, {formatDayLabel(i.date)} {i.at}
              {i.reportedBy && ` (reported by ${i.reportedBy})`}: {i.what}
            </p>
            <IncidentDecisionForm doc={async () => (await docs.open(i.docName)).doc} incidentId={i.id} label={`Decision on ${name(i.pupilId)}’s incident at ${providerName(i.providerId)}`} />
          </li>
        )}
      </CountedList>
      <CountedList
        title="Provider safeguarding policies"
        listLabel="Providers needing the safeguarding policy"
        items={lapsed}
        empty="Every provider holds a current policy."
      >
        {(p) => (
          <li key={p.id}>
            <strong>{p.name}</strong>: {policyStatusLabels[policyStatus(p.policyReceivedOn, today)]} — <a href="#/settings">update in Settings</a>
          </li>
        )}
      </CountedList>
      <CountedList
        title="Provider staff checks"
        listLabel="Providers needing staff checks confirmed"
        items={unchecked}
        empty="Every provider has confirmed its staff checks in writing."
      >
        {(p) => (
          <li key={p.id}>
            <strong>{p.name}</strong>: {staffChecksStatusLabels[staffChecksStatus(p, today)]}
            {p.staffChecksRenewBy && ` (renew by ${formatDayLabel(p.staffChecksRenewBy)})`} — <a href="#/settings">update in Settings</a>
          </li>
        )}
      </CountedList>
    </>
  );
}
