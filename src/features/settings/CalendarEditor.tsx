// The school calendar: term dates (six half terms a year), closures inside them (bank holidays, INSET, snow days), and an import.
import { useState } from 'react';
import { useCommand, useSchoolDoc } from '../../app/hooks';
import { addClosure, removeClosure } from '../../docs/calendarDoc';
import { newId } from '../../domain/ids';
import { closureKindLabels, closureKinds, emptyCalendar, type ClosureKind, type SchoolCalendar } from '../../domain/schoolCalendar';
import { formatDayLabel } from '../../domain/time';
import { TermDatesEditor } from './TermDatesEditor';
import { CalendarImport } from './CalendarImport';

export function CalendarEditor({ calendar = emptyCalendar }: { calendar?: SchoolCalendar }) {
  const doc = useSchoolDoc();
  const run = useCommand();
  const [closure, setClosure] = useState<{ from: string; to: string; label: string; kind: ClosureKind }>({ from: '', to: '', label: '', kind: 'closure' });
  return (
    <div className="stack">
      <h3>Term dates</h3>
      <TermDatesEditor calendar={calendar} />
      <h3>Closures</h3>
      {calendar.closures.length ? (
        <ul aria-label="Closures">
          {calendar.closures.map((c) => (
            <li key={c.id} className="row wrap">
              <span className="grow">
                {c.label}: {formatDayLabel(c.from)} {c.from.slice(0, 4)}
                {c.to !== c.from && ` to ${formatDayLabel(c.to)} ${c.to.slice(0, 4)}`}
                <span className="muted"> · {closureKindLabels[c.kind]}</span>
              </span>
              <button type="button" onClick={() => doc && run(() => removeClosure(doc, c.id))}>
                Remove {c.label}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No closures yet (bank holidays, INSET days, holidays inside a half term).</p>
      )}
      <form
        className="row wrap"
        aria-label="Add a closure"
        onSubmit={(e) => {
          e.preventDefault();
          if (doc && run((a) => addClosure(doc, { id: newId(), ...closure, to: closure.to || closure.from }, a)).ok) {
            setClosure({ from: '', to: '', label: '', kind: 'closure' });
          }
        }}
      >
        <label>
          Closed from
          <input type="date" value={closure.from} onChange={(e) => setClosure({ ...closure, from: e.target.value })} />
        </label>
        <label>
          Closed to
          <input type="date" value={closure.to} onChange={(e) => setClosure({ ...closure, to: e.target.value })} />
        </label>
        <label>
          Kind of closure
          <select value={closure.kind} onChange={(e) => setClosure({ ...closure, kind: e.target.value as ClosureKind })}>
            {closureKinds.map((k) => (
              <option key={k} value={k}>
                {closureKindLabels[k]}
              </option>
            ))}
          </select>
        </label>
        <label className="grow">
          Closure
          <input type="text" value={closure.label} placeholder="e.g. Christmas holiday, INSET" onChange={(e) => setClosure({ ...closure, label: e.target.value })} />
        </label>
        <button type="submit">Add closure</button>
      </form>
      <h3>Paste or import</h3>
      <CalendarImport />
    </div>
  );
}
