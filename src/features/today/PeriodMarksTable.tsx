// Per-period presence, effort and behaviour (1–4) for one pupil, one tap each.
import { memo } from 'react';
import type * as Y from 'yjs';
import { useCommand } from '../../app/hooks';
import { setPeriodMark } from '../../docs/roomDayDoc';
import type { PeriodMark } from '../../domain/register';
import { GradeOptions } from '../../components/GradeOptions';
import type { Period } from '../../domain/school';

const unmarked: PeriodMark = { presence: null, effort: null, behaviour: null };

export function PeriodMarksTable({
  doc,
  pupilId,
  periods,
  marks,
}: {
  doc: Y.Doc;
  pupilId: string;
  periods: Period[];
  marks: Record<string, PeriodMark>;
}) {
  const lessons = periods.filter((p) => p.kind === 'lesson' || p.kind === 'registration');
  return (
    <table className="marks">
      <caption className="visually-hidden">Periods</caption>
      <thead>
        <tr>
          <th scope="col">Period</th>
          <th scope="col">Present or out</th>
          <th scope="col">Effort</th>
          <th scope="col">Behaviour</th>
        </tr>
      </thead>
      <tbody>
        {lessons.map((p) => {
          const mark = marks[p.id] ?? unmarked;
          // Plain values, not the mark object (a new one on every read): a tap re-renders the row it changed, and
          // React re-checks the options of that row's two selects only, not every select in the table.
          return <PeriodRow key={p.id} doc={doc} pupilId={pupilId} period={p} presence={mark.presence} effort={mark.effort} behaviour={mark.behaviour} />;
        })}
      </tbody>
    </table>
  );
}

const PeriodRow = memo(function PeriodRow({
  doc,
  pupilId,
  period: p,
  ...mark
}: { doc: Y.Doc; pupilId: string; period: Period } & PeriodMark) {
  const run = useCommand();
  const set = (patch: Partial<PeriodMark>) => run((a) => setPeriodMark(doc, pupilId, p.id, patch, a));
  return (
    <tr>
      <th scope="row">
        {p.label} <span className="muted">{p.start}</span>
      </th>
      <td>
        <div role="radiogroup" aria-label={`${p.label} attendance`} className="segmented">
          {(['present', 'out'] as const).map((value) => (
            <button
              key={value}
              type="button"
              role="radio"
              aria-checked={mark.presence === value}
              onClick={() => set({ presence: mark.presence === value ? null : value })}
            >
              {value === 'present' ? 'Present' : 'Out'}
            </button>
          ))}
        </div>
      </td>
      {(['effort', 'behaviour'] as const).map((field) => (
        <td key={field}>
          <select
            aria-label={`${p.label} ${field}`}
            value={mark[field] ?? ''}
            onChange={(e) => set({ [field]: e.target.value ? Number(e.target.value) : null })}
          >
            <GradeOptions blank />
          </select>
        </td>
      ))}
    </tr>
  );
});
