// Half-termly statistics and trends for the SLT and governors, and the register as CSV for the MIS.
import { useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useServices } from '../../app/services';
import type { SchoolRow } from '../../db/database';
import { halfTermStart } from '../../domain/halfTerm';
import { schoolYearStart } from '../../domain/repeatReferrals';
import { addDays, formatLongDate, toIsoDate, type IsoDate } from '../../domain/time';
import { reportStats, type Count } from './reportStats';
import { misRegisterCsv } from './misExport';

type Preset = 'half-term' | 'last-half-term' | 'year' | 'custom';

function presetRange(preset: Preset, today: IsoDate): { from: IsoDate; to: IsoDate } | null {
  if (preset === 'half-term') return { from: halfTermStart(today), to: today };
  if (preset === 'last-half-term') {
    const end = addDays(halfTermStart(today), -1);
    return { from: halfTermStart(end), to: end };
  }
  if (preset === 'year') return { from: schoolYearStart(today), to: today };
  return null;
}

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

function download(fileName: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: fileName });
  a.click();
  URL.revokeObjectURL(url);
}

export function ReportsScreen({ school }: { school: SchoolRow }) {
  const { db } = useServices();
  const today = toIsoDate(new Date());
  const [preset, setPreset] = useState<Preset>('half-term');
  const [custom, setCustom] = useState({ from: halfTermStart(today), to: today });
  const { from, to } = presetRange(preset, today) ?? custom;
  const data = useLiveQuery(async () => {
    const [referrals, placements, register, notes, pupils] = await Promise.all([
      db.referrals.toArray(),
      db.placements.toArray(),
      db.registerEntries.where('date').between(from, to, true, true).toArray(),
      db.behaviourNotes.where('date').between(from, to, true, true).toArray(),
      db.pupils.toArray(),
    ]);
    return { referrals, placements, register, notes, pupils: new Map(pupils.map((p) => [p.id, p])) };
  }, [db, from, to]);
  const roomName = useMemo(() => {
    const names = new Map(school.rooms.map((r) => [r.id, r.name]));
    return (id: string) => names.get(id) ?? id;
  }, [school.rooms]);
  const stats = useMemo(
    () => data && reportStats({ from, to, ...data, roomName, repeatWithinWeeks: school.calendar.repeatWithinWeeks }),
    [data, from, to, roomName, school.calendar.repeatWithinWeeks],
  );
  const maxWeek = Math.max(1, ...(stats?.weekly.map((w) => w.referrals) ?? []));

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
      {preset === 'custom' && (
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
      {!stats || !data ? (
        <p aria-busy="true">Counting…</p>
      ) : (
        <>
          <div className="row wrap no-print">
            <button type="button" onClick={() => window.print()}>
              Print the report
            </button>
            <button
              type="button"
              onClick={() => download(`baseroom-register-${from}-to-${to}.csv`, misRegisterCsv(data.register, data.referrals, data.pupils, roomName))}
            >
              Download the register as CSV for the MIS
            </button>
          </div>
          <dl className="facts key-facts" aria-label="Summary">
            <dt>Referrals</dt>
            <dd>
              {stats.referrals} ({stats.pupilsReferred} pupils; {stats.declined} declined)
            </dd>
            <dt>Repeat referrals</dt>
            <dd>
              {stats.repeats}
              {stats.referrals > 0 && ` (${Math.round((stats.repeats / stats.referrals) * 100)}%)`}
            </dd>
            <dt>Pupil-days in the rooms</dt>
            <dd>
              {stats.roomDays} ({stats.absences} absences, {stats.lateArrivals} late arrivals)
            </dd>
            <dt>Average effort and behaviour</dt>
            <dd>
              Effort {stats.averageEffort ?? '–'}, behaviour {stats.averageBehaviour ?? '–'} (1 excellent – 4 unacceptable)
            </dd>
            <dt>Safeguarding flags not yet confirmed on CPOMS</dt>
            <dd>{stats.unconfirmedFlags}</dd>
          </dl>
          <table className="log-table trend">
            <caption>Week by week</caption>
            <thead>
              <tr>
                <th scope="col">Week of</th>
                <th scope="col">Referrals</th>
                <th scope="col">Pupil-days</th>
              </tr>
            </thead>
            <tbody>
              {stats.weekly.map((w) => (
                <tr key={w.weekOf}>
                  <th scope="row">{formatLongDate(w.weekOf)}</th>
                  <td>
                    <span className="bar" style={{ width: `${(w.referrals / maxWeek) * 8}em` }} aria-hidden="true" /> {w.referrals}
                  </td>
                  <td>{w.roomDays}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="report-grid">
            <CountTable title="Referrals by reason" counts={stats.byReason} />
            <CountTable title="Referrals by DfE reason code" counts={stats.byDfeCode} />
            <CountTable title="Referrals by year group" counts={stats.byYear} />
            <CountTable title="Referrals by SEN status" counts={stats.bySen} />
            <CountTable title="Referrals by subject" counts={stats.bySubject} />
            <CountTable title="Referrals by lesson period" counts={stats.byPeriod} />
            <CountTable title="Referrals by day of the week" counts={stats.byWeekday} />
            <CountTable title="Pupil-days by room" counts={stats.roomDaysByRoom} />
            <CountTable title="Notes" counts={stats.notes} />
          </div>
        </>
      )}
    </section>
  );
}
