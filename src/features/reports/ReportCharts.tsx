// The report's charts (SVG, by Recharts), each a named figure with its data as a table for screen readers; loaded only on Reports.
import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, XAxis, YAxis } from 'recharts';
import { formatDayLabel } from '../../domain/time';
import type { ReportStats } from './reportStats';
import type { HalfTermPoint } from './halfTermTrends';

/** Okabe–Ito colours: told apart with the common colour-vision deficiencies, and in greyscale print by order. */
const COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#F0E442'];
/** Drawn at A4 text width (about 180 mm at 96 dpi); the SVG scales down with its viewBox on narrow screens. */
const WIDTH = 680;
const HEIGHT = 280;
const noFocus = { accessibilityLayer: false } as const;

function ChartFigure({ id, title, summary, head, rows, children }: {
  id: string;
  title: string;
  summary: string;
  head: string[];
  rows: (string | number)[][];
  children: ReactNode;
}) {
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <div role="img" aria-label={summary} className="chart-drawing">
        {children}
      </div>
      <table className="visually-hidden">
        <caption>Data for the chart: {title}</caption>
        <thead>
          <tr>
            {head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={String(row[0])}>
              {row.map((cell, i) => (i === 0 ? <th key={i} scope="row">{cell}</th> : <td key={i}>{cell}</td>))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

const axis = { fontSize: 12, fill: '#333' };
const pct = (x: number | null) => (x === null ? 'none' : `${x}%`);

export default function ReportCharts({ stats, trends }: { stats: ReportStats; trends: HalfTermPoint[] }) {
  const weekly = stats.weekly.map((w) => ({ week: formatDayLabel(w.weekOf), Referrals: w.referrals, 'Pupil-days': w.pupilDays }));
  const reasons = stats.byReason.slice(0, 10);
  const years = [...new Set(stats.byYearAndPeriod.map((x) => x.year))].sort((a, b) => a.localeCompare(b, 'en-GB', { numeric: true }));
  const periods = [...new Set(stats.byYearAndPeriod.map((x) => x.period))].sort((a, b) => a.localeCompare(b, 'en-GB', { numeric: true }));
  const byYear = years.map((year) => ({
    year,
    ...Object.fromEntries(periods.map((p) => [p, stats.byYearAndPeriod.find((x) => x.year === year && x.period === p)?.count ?? 0])),
  }));
  const halfTerms = trends.map((t) => ({ term: t.label, 'Repeat rate': t.repeatRate, 'Reintegration success': t.successRate }));
  const busiest = stats.weekly.reduce((best, w) => (w.referrals > (best?.referrals ?? -1) ? w : best), stats.weekly[0]);
  return (
    <div className="charts">
      <ChartFigure
        id="chart-weekly"
        title="Referrals week by week"
        summary={`Bar chart of referrals and pupil-days for ${stats.weekly.length} weeks${busiest ? `; most referrals (${busiest.referrals}) in the week of ${formatDayLabel(busiest.weekOf)}` : ''}.`}
        head={['Week of', 'Referrals', 'Pupil-days']}
        rows={stats.weekly.map((w) => [formatDayLabel(w.weekOf), w.referrals, w.pupilDays])}
      >
        <BarChart width={WIDTH} height={HEIGHT} data={weekly} {...noFocus}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="week" tick={axis} />
          <YAxis allowDecimals={false} tick={axis} />
          <Legend />
          <Bar dataKey="Referrals" fill={COLOURS[0]} maxBarSize={48} isAnimationActive={false} />
          <Bar dataKey="Pupil-days" fill={COLOURS[1]} maxBarSize={48} isAnimationActive={false} />
        </BarChart>
      </ChartFigure>
      <ChartFigure
        id="chart-reasons"
        title="Referrals by reason"
        summary={`Bar chart of the ${reasons.length} most given reasons${reasons[0] ? `; most often “${reasons[0].label}” (${reasons[0].count})` : ''}. A referral may give up to three reasons.`}
        head={['Reason', 'Referrals giving it']}
        rows={stats.byReason.map((c) => [c.label, c.count])}
      >
        <BarChart width={WIDTH} height={Math.max(HEIGHT, 36 * reasons.length + 40)} data={reasons} layout="vertical" margin={{ left: 40 }} {...noFocus}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} tick={axis} />
          <YAxis type="category" dataKey="label" width={220} tick={axis} />
          <Bar dataKey="count" name="Referrals" fill={COLOURS[0]} maxBarSize={48} isAnimationActive={false} />
        </BarChart>
      </ChartFigure>
      <ChartFigure
        id="chart-year-period"
        title="Referrals by year group and lesson period"
        summary={`Stacked bar chart of referrals for ${years.length} year groups, split by the lesson the incident was in.`}
        head={['Year group', ...periods]}
        rows={byYear.map((row) => [row.year, ...periods.map((p) => (row as Record<string, number | string>)[p] as number)])}
      >
        <BarChart width={WIDTH} height={HEIGHT} data={byYear} {...noFocus}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="year" tick={axis} />
          <YAxis allowDecimals={false} tick={axis} />
          <Legend />
          {periods.map((p, i) => (
            <Bar key={p} dataKey={p} stackId="periods" fill={COLOURS[i % COLOURS.length]} maxBarSize={48} isAnimationActive={false} />
          ))}
        </BarChart>
      </ChartFigure>
      <ChartFigure
        id="chart-half-terms"
        title="Repeat rate and reintegration success by half term"
        summary={`Line chart over ${trends.length} half terms of this school year: the share of referrals that were repeats, and of finished placements that were successful.`}
        head={['Half term', 'Referrals', 'Repeats', 'Repeat rate', 'Placements finished', 'Successful', 'Reintegration success']}
        rows={trends.map((t) => [t.label, t.referrals, t.repeats, pct(t.repeatRate), t.finished, t.successful, pct(t.successRate)])}
      >
        <LineChart width={WIDTH} height={HEIGHT} data={halfTerms} {...noFocus}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="term" tick={axis} />
          <YAxis domain={[0, 100]} unit="%" tick={axis} />
          <Legend />
          <Line dataKey="Repeat rate" stroke={COLOURS[5]} strokeWidth={2} connectNulls isAnimationActive={false} />
          <Line dataKey="Reintegration success" stroke={COLOURS[2]} strokeWidth={2} strokeDasharray="6 3" connectNulls isAnimationActive={false} />
        </LineChart>
      </ChartFigure>
    </div>
  );
}
