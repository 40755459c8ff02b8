// Half-termly statistics, charts and trends for the SLT and governors, and the register as CSV for the MIS.
import { lazy, Suspense, useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useServices } from '../../app/services';
import type { SchoolRow } from '../../db/database';
import { schoolYearStart } from '../../domain/halfTerm';
import { hasTermDates, type SchoolCalendar } from '../../domain/schoolCalendar';
import { addDays, formatDayLabel, formatLongDate, toClockTime, toIsoDate, type IsoDate } from '../../domain/time';
import { placementOutcomeLabels, placementOutcomes } from '../../domain/placement';
import { pupilDisplayName } from '../../domain/pupil';
import { reportStats, type Count } from './reportStats';
import { withPlannedDays } from '../../domain/expectedDays';
import { DEFAULT_REGISTER_OPEN_MINUTES } from '../../domain/school';
import { misRegisterCsv } from './misExport';
import { downloadFile, downloadWarning } from '../../components/downloadFile';
import { halfTermTrends, presetRange, type Preset } from './halfTermTrends';

// The chart library is only fetched when Reports opens: the register and off-site screens never load it.
const ReportCharts = lazy(() => import('./ReportCharts'));

function CountTable({ title, counts }: { title: string; counts: Count[] }) {
  return (
    <table className="log-table counts-table">
      <caption>{title}</caption>
      <tbody>
        {counts.length === 0 && (
          <tr>
            <td>None</td>
          </tr>
        )}
        {counts.map((c) => (
          <tr key={c.label}>
            <th scope="row">{c.label}</th>
            <td>{c.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ReportsScreen({ school }: { school: SchoolRow }) {
  const { db } = useServices();
  const today = toIsoDate(new Date());
  const [preset, setPreset] = useState<Preset>('half-term');
  const [custom, setCustom] = useState({ from: schoolYearStart(school.calendar, today), to: today });
  const range = presetRange(preset, today, school.calendar);
  const { from, to } = range ?? custom;
  const data = useLiveQuery(async () => {
    const [referrals, placements, register, notes, checkIns, pupils] = await Promise.all([
      db.referrals.toArray(),
      db.placements.toArray(),
      db.registerEntries.where('date').between(from, to, true, true).toArray(),
      db.behaviourNotes.where('date').between(from, to, true, true).toArray(),
      db.offsiteCheckIns.where('date').between(from, to, true, true).toArray(),
      db.pupils.toArray(),
    ]);
    return { referrals, placements, register, notes, checkIns, pupils: new Map(pupils.map((p) => [p.id, p])) };
  }, [db, from, to]);
  const roomName = useMemo(() => {
    const names = new Map(school.rooms.map((r) => [r.id, r.name]));
    return (id: string) => names.get(id) ?? id;
  }, [school.rooms]);
  const providerName = useMemo(() => {
    const names = new Map((school.providers ?? []).map((p) => [p.id, p.name]));
    return (id: string) => names.get(id) ?? id;
  }, [school.providers]);
  const repeatWithinWeeks = school.calendar.repeatWithinWeeks;
  // Planned days nobody recorded are on the register too (past ones are "did not arrive"), for the figures and the CSV alike.
  const register = useMemo(
    () => data && withPlannedDays(data.register, from, to < today ? to : today, data.referrals, data.placements, school.calendar, school.periods),
    [data, from, to, today, school.calendar, school.periods],
  );
  const stats = useMemo(
    () => data && register && reportStats({ from, to, today, ...data, register, roomName, repeatWithinWeeks, halfTerms: school.calendar.halfTerms, closures: school.calendar.closures, periods: school.periods, registerOpenMinutes: school.settings.registerOpenMinutes }),
    [data, register, from, to, today, roomName, repeatWithinWeeks, school.calendar.halfTerms, school.calendar.closures, school.periods, school.settings.registerOpenMinutes],
  );
  const trends = useMemo(
    () => data && halfTermTrends({ to: to < today ? to : today, referrals: data.referrals, placements: data.placements, repeatWithinWeeks, halfTerms: school.calendar.halfTerms }),
    [data, to, today, repeatWithinWeeks, school.calendar.halfTerms],
  );
  const pupilName = (id: string) => {
    const p = data?.pupils.get(id);
    return p ? pupilDisplayName(p) : 'Pupil not on the roll';
  };
  const percent = (x: number | null) => (x === null ? '' : ` (${Math.round(x * 100)}%)`);

  return (
    <section className="reports" aria-labelledby="reports-title">
      <h1 id="reports-title">Reports</h1>
      <div role="radiogroup" aria-label="Period" className="segmented wrap no-print">
        {([
          ['half-term', 'This half term'],
          ['last-half-term', 'Last half term'],
          ['year', 'This school year'],
          ['custom', 'Choose dates'],
        ] as const).map(([value, label]) => (
          <button key={value} type="button" role="radio" aria-checked={preset === value} onClick={() => setPreset(value)}>
            {label}
          </button>
        ))}
      </div>
      {preset !== 'custom' && !range && (
        <p className="notice" role="status">
          {hasTermDates(school.calendar)
            ? 'The school calendar has no half term before this one: choose dates instead.'
            : 'Baseroom has no term dates yet: enter the school calendar in Settings to report by half term. Choose dates instead.'}
        </p>
      )}
      {(preset === 'custom' || !range) && (
        <div className="row wrap no-print">
          <label>
            From
            <input type="date" value={custom.from} onChange={(e) => e.target.value && setCustom({ ...custom, from: e.target.value })} />
          </label>
          <label>
            To
            <input type="date" value={custom.to} onChange={(e) => e.target.value && setCustom({ ...custom, to: e.target.value })} />
          </label>
        </div>
      )}
      <h2>
        {formatLongDate(from)} to {formatLongDate(to)}
      </h2>
      {!stats || !data || !trends ? (
        <p aria-busy="true">Counting…</p>
      ) : (
        <>
          <div className="row wrap no-print">
            <button type="button" onClick={() => window.print()}>
              Print the report
            </button>
            <button
              type="button"
              onClick={() =>
                downloadFile(
                  `baseroom-register-${from}-to-${to < today ? to : today}.csv`,
                  'text/csv;charset=utf-8',
                  misRegisterCsv({
                    today, now: toClockTime(new Date()), ...data, register: register ?? data.register, roomName, providerName,
                    calendar: school.calendar, periods: school.periods, registerOpenMinutes: school.settings.registerOpenMinutes,
                  }),
                )
              }
            >
              Download the register as CSV for the MIS
            </button>
          </div>
          <p className="muted no-print">
            In the CSV a pupil marked late is L up to {school.settings.registerOpenMinutes ?? DEFAULT_REGISTER_OPEN_MINUTES} minutes after
            registration starts, when the school’s registers close (Settings → School day).
          </p>
          <p className="muted no-print">{downloadWarning('The CSV file', 'the name, UPN, year, tutor group and attendance of every pupil on the register for these dates')}</p>
          <dl className="facts key-facts" aria-label="Summary">
            <dt>Referrals</dt>
            <dd>
              {stats.referrals} ({stats.pupilsReferred} pupils; {stats.declined} declined)
            </dd>
            <dt>Repeat referrals</dt>
            <dd>
              {stats.repeats}
              {percent(stats.repeatRate)}
            </dd>
            <dt>Pupil-days in the rooms</dt>
            <dd>
              {stats.pupilDays} ({stats.absences} absences, {stats.lateArrivals} late arrivals)
            </dd>
            <dt>Did not arrive</dt>
            <dd>
              {stats.didNotArrive.length} day{stats.didNotArrive.length === 1 ? '' : 's'} ({new Set(stats.didNotArrive.map((d) => d.pupilId)).size} pupils)
            </dd>
            <dt>Placements finished</dt>
            <dd>
              {stats.reintegration.finished}:{' '}
              {placementOutcomes.map((o) => `${stats.reintegration.outcomes[o]} ${placementOutcomeLabels[o].toLowerCase()}`).join(', ')}
              {stats.reintegration.successRate !== null && `; reintegration success ${Math.round(stats.reintegration.successRate * 100)}%`}
            </dd>
            <dt>Average effort and behaviour</dt>
            <dd>
              Effort {stats.averageEffort ?? '–'}, behaviour {stats.averageBehaviour ?? '–'} (1 excellent – 4 unacceptable)
            </dd>
            <dt>Safeguarding flags not yet confirmed on CPOMS</dt>
            <dd>
              {stats.unconfirmedFlags.rooms + stats.unconfirmedFlags.offsite} ({stats.unconfirmedFlags.rooms} in the rooms,{' '}
              {stats.unconfirmedFlags.offsite} off-site)
            </dd>
          </dl>
          <Suspense fallback={<p aria-busy="true">Drawing the charts…</p>}>
            <ReportCharts stats={stats} trends={trends} />
          </Suspense>
          <div className="report-grid">
            <CountTable title="Referrals by reason" counts={stats.byReason} />
            <CountTable title="Referrals by DfE reason code" counts={stats.byDfeCode} />
            <CountTable title="Referrals by year group" counts={stats.byYear} />
            <CountTable title="Referrals by SEN status" counts={stats.bySen} />
            <CountTable title="Referrals by subject" counts={stats.bySubject} />
            <CountTable title="Referrals by lesson period" counts={stats.byPeriod} />
            <CountTable title="Referrals by day of the week" counts={stats.byWeekday} />
            <CountTable title="Pupil-days by room (a pupil moved between rooms counts in each)" counts={stats.pupilDaysByRoom} />
            <CountTable title="Off-site sessions by attendance code" counts={stats.offsiteSessions} />
            <CountTable title="Notes" counts={stats.notes} />
          </div>
          <table className="log-table">
            <caption>Pupils who did not arrive</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Pupil</th>
                <th scope="col">Room</th>
              </tr>
            </thead>
            <tbody>
              {stats.didNotArrive.length === 0 && (
                <tr>
                  <td colSpan={3}>None</td>
                </tr>
              )}
              {stats.didNotArrive.map((d) => (
                <tr key={`${d.date}/${d.pupilId}/${d.roomId}`}>
                  <td>{formatDayLabel(d.date)}</td>
                  <th scope="row">{pupilName(d.pupilId)}</th>
                  <td>{roomName(d.roomId)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
