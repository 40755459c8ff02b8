// The periods of the school day (lessons, break, lunch) with 24-hour times.
import { useState } from 'react';
import { useCommand, useSchoolDoc } from '../../app/hooks';
import { savePeriods } from '../../docs/schoolDoc';
import { defaultPeriods, overlappingPeriods, periodKinds, sortPeriods, type Period, type PeriodKind } from '../../domain/school';
import { slugId } from '../../domain/slug';
import { TimeInput } from '../../components/TimeInput';

const kindLabels: Record<PeriodKind, string> = { lesson: 'Lesson', break: 'Break', lunch: 'Lunch', registration: 'Registration' };

function withIds(periods: Omit<Period, 'id'>[]): Period[] {
  const ids: string[] = [];
  return periods.map((p) => {
    const id = slugId(p.label, ids);
    ids.push(id);
    return { ...p, id };
  });
}

export function PeriodsEditor({ periods, onSaved }: { periods: Period[]; onSaved?: () => void }) {
  const doc = useSchoolDoc();
  const run = useCommand();
  const [rows, setRows] = useState<Period[]>(() => (periods.length ? periods : withIds(defaultPeriods)));
  const [saved, setSaved] = useState(periods.length > 0);
  const update = (i: number, patch: Partial<Period>) => {
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
    setSaved(false);
  };
  const clashes = overlappingPeriods(rows);
  return (
    <form
      aria-label="School day"
      onSubmit={(e) => {
        e.preventDefault();
        if (!doc) return;
        const sorted = sortPeriods(rows);
        if (!run((a) => savePeriods(doc, sorted, a)).ok) return;
        setRows(sorted);
        setSaved(true);
        onSaved?.();
      }}
    >
      <table className="periods">
        <caption className="visually-hidden">Periods of the school day</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Starts</th>
            <th scope="col">Ends</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p, i) => (
            <tr key={p.id}>
              <td>
                <input aria-label={`Period ${i + 1} name`} value={p.label} onChange={(e) => update(i, { label: e.target.value })} />
              </td>
              <td>
                <select aria-label={`${p.label} kind`} value={p.kind} onChange={(e) => update(i, { kind: e.target.value as PeriodKind })}>
                  {periodKinds.map((k) => (
                    <option key={k} value={k}>
                      {kindLabels[k]}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <TimeInput aria-label={`${p.label} starts`} value={p.start} onChange={(e) => update(i, { start: e.target.value })} />
              </td>
              <td>
                <TimeInput aria-label={`${p.label} ends`} value={p.end} onChange={(e) => update(i, { end: e.target.value })} />
              </td>
              <td>
                <button type="button" aria-label={`Remove ${p.label}`} onClick={() => (setRows(rows.filter((_, j) => j !== i)), setSaved(false))}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {clashes.length > 0 && <p className="field-error" role="alert">{clashes.join('; ')}</p>}
      <div className="row">
        <button
          type="button"
          onClick={() => {
            const last = rows[rows.length - 1];
            const label = `P${rows.filter((r) => r.kind === 'lesson').length + 1}`;
            setRows([...rows, { id: slugId(label, rows.map((r) => r.id)), label, kind: 'lesson', start: last?.end ?? '09:00', end: last?.end ?? '10:00' }]);
            setSaved(false);
          }}
        >
          Add period
        </button>
        <button type="submit" className="primary" disabled={clashes.length > 0}>
          Save school day
        </button>
        {saved && <span className="muted">Saved</span>}
      </div>
    </form>
  );
}
