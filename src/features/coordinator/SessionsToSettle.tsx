// The attendance officer's list: off-site sessions a pupil missed, waiting for the school to settle the absence code.
import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCommand } from '../../app/hooks';
import { useServices } from '../../app/services';
import type { PupilRow } from '../../db/database';
import { settleSessionCode } from '../../docs/providerDayDoc';
import { officerCodes } from '../../domain/attendanceCodes';
import { awaitsOfficer, codeLabel, sessionLabels, sessions, type CheckInRow, type Session } from '../../domain/offsite';
import type { Provider } from '../../domain/provider';
import { onRollOn, pupilDisplayName, type Pupil } from '../../domain/pupil';
import { isSchoolDay, type SchoolCalendar } from '../../domain/schoolCalendar';
import { formatDayLabel } from '../../domain/time';

interface Missed {
  row: CheckInRow;
  session: Session;
}

/**
 * Missed sessions waiting for a code: only on school days by the calendar and while the pupil is on the roll (a holiday,
 * INSET day or weekend has no session, and a leaver no register; the MIS export leaves those out too).
 */
export const unsettled = (rows: CheckInRow[], calendar: Pick<SchoolCalendar, 'halfTerms' | 'closures'>, pupils: Map<string, Pick<Pupil, 'leftOn'>>): Missed[] =>
  rows
    .filter((row) => isSchoolDay(row.date, calendar) && onRollOn(pupils.get(row.pupilId), row.date))
    .flatMap((row) => sessions.filter((s) => awaitsOfficer(row.sessions[s])).map((session) => ({ row, session })));

function SettleForm({ missed, what }: { missed: Missed; what: string }) {
  const { docs } = useServices();
  const run = useCommand();
  const [code, setCode] = useState('');
  return (
    <form
      className="row wrap"
      aria-label={`Settle ${what}`}
      onSubmit={async (e) => {
        e.preventDefault();
        const open = await docs.open(missed.row.docName);
        run((a) => settleSessionCode(open.doc, { pupilId: missed.row.pupilId, session: missed.session, code }, a));
      }}
    >
      <label className="grow">
        Code for {what}
        <select value={code} onChange={(e) => setCode(e.target.value)}>
          <option value="">Choose the code</option>
          {officerCodes.map((c) => (
            <option key={c} value={c}>
              {codeLabel(c)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Settle the code</button>
    </form>
  );
}

export function SessionsToSettle({ providers, pupils, calendar }: { providers: Provider[]; pupils: Map<string, PupilRow>; calendar: SchoolCalendar }) {
  const { db } = useServices();
  // Only check-ins waiting on the school (by their index, in date order), not the year's.
  const rows = useLiveQuery(() => db.offsiteCheckIns.orderBy('awaitsSchool').toArray(), [db]);
  const missed = rows && unsettled(rows, calendar, pupils);
  const providerName = (id: string) => providers.find((p) => p.id === id)?.name ?? id;
  const name = (id: string) => {
    const p = pupils.get(id);
    return p ? pupilDisplayName(p) : 'A pupil';
  };
  return (
    <section aria-labelledby="c-sessions" className="work-list">
      <h2 id="c-sessions">
        Off-site sessions to code <span className="count">({missed?.length ?? 0})</span>
      </h2>
      <p className="muted">The assistant records that a pupil was not at the provider; the attendance officer decides the code for the MIS.</p>
      {missed?.length ? (
        <ul className="plain-list" aria-label="Off-site sessions to code">
          {missed.map((m) => {
            const what = `${name(m.row.pupilId)}, ${formatDayLabel(m.row.date)} ${sessionLabels[m.session].toLowerCase()}`;
            return (
              <li key={`${m.row.id}/${m.session}`} className="work-item">
                <p>
                  {what}, not at {providerName(m.row.providerId)}
                  {m.row.followUp && ` — follow-up: ${m.row.followUp}`}
                </p>
                <SettleForm missed={m} what={what} />
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="muted">No off-site sessions waiting for a code.</p>
      )}
    </section>
  );
}
