// Renders the benchmark results as the human-readable bench-results/latest.md.
import { tick, type BenchResult } from './util.js';

export interface Meta {
  date: string;
  machine: { cores: number; cpuModel: string; memoryGiB: number; node: string; platform: string; chromium: string; loadAverage: { atStart: number; atEnd: number } };
  staticDir: string;
  totalMs: number;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(headers: string[], rows: string[][]): string {
  return [
    `| ${headers.map(cell).join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

export function renderMarkdown(meta: Meta, results: BenchResult[]): string {
  const m = meta.machine;
  const out: string[] = [];
  out.push('# Baseroom benchmarks', '');
  out.push(`Run ${meta.date.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')} by \`npm run bench\` (a measurement, not a test: nothing here fails the build).`, '');
  out.push(
    table(
      ['Machine', ''],
      [
        ['CPU', `${m.cores} cores — ${m.cpuModel}`],
        ['Memory', `${m.memoryGiB} GiB`],
        ['OS', m.platform],
        ['Node', m.node],
        ['Chromium', m.chromium],
        ['App build', `${meta.staticDir}/`],
        ['Load average (1 min) at start / end', `${m.loadAverage.atStart.toFixed(2)} / ${m.loadAverage.atEnd.toFixed(2)} (other work on the machine skews browser figures)`],
        ['Total run time', `${(meta.totalMs / 1000).toFixed(0)} s (after \`vite build\`)`],
      ],
    ),
    '',
  );
  out.push('## Summary: goal vs measured', '');
  const summaryRows: string[][] = [];
  for (const r of results) {
    const n = r.title.replace(/^(\d+)\..*/, '$1');
    if (r.error) summaryRows.push([n, r.title.replace(/^\d+\.\s*/, ''), '', `not measured: ${r.error.split('\n')[0]}`, '✗']);
    for (const row of r.rows) summaryRows.push([n, row.metric, row.goal ?? '—', row.value, tick(row.met)]);
  }
  out.push(table(['#', 'Figure', 'Goal', 'Measured', '✓/✗'], summaryRows), '');
  for (const r of results) {
    out.push(`## ${r.title}`, '');
    if (r.error) out.push(`**Not measured — the benchmark threw:** \`${r.error.split('\n')[0]}\``, '');
    for (const t of r.tables) {
      if (t.caption) out.push(`${t.caption}:`, '');
      out.push(table(t.headers, t.rows), '');
    }
    if (r.notes.length) out.push('Method:', '', ...r.notes.map((n) => `- ${n}`), '');
    if (r.durationMs !== undefined) out.push(`_Took ${(r.durationMs / 1000).toFixed(1)} s._`, '');
  }
  return out.join('\n');
}
