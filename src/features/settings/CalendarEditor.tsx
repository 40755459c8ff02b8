// The school calendar and placement rhythm: closed dates (holidays, INSET), review interval and the repeat-referral window.
import { useState } from 'react';
import { useCommand, useSchoolDoc } from '../../app/hooks';
import { addClosure, removeClosure, savePlacementSettings } from '../../docs/calendarDoc';
import { newId } from '../../domain/ids';
import { emptyCalendar, type SchoolCalendar } from '../../domain/schoolCalendar';
import { formatDayLabel } from '../../domain/time';

export function CalendarEditor({ calendar = emptyCalendar }: { calendar?: SchoolCalendar }) {
  const doc = useSchoolDoc();
  const run = useCommand();
  const [closure, setClosure] = useState({ from: '', to: '', label: '' });
  const [review, setReview] = useState(String(calendar.reviewEveryWeeks));
  const [repeat, setRepeat] = useState(String(calendar.repeatWithinWeeks));
  return (
    <div className="stack">
      {calendar.closures.length ? (
        <ul aria-label="Closures">
          {calendar.closures.map((c) => (
            <li key={c.id} className="row wrap">
              <span className="grow">
                {c.label}: {formatDayLabel(c.from)}
                {c.to !== c.from && ` to ${formatDayLabel(c.to)}`}
              </span>
              <button type="button" onClick={() => doc && run(() => removeClosure(doc, c.id))}>
                Remove {c.label}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No closures yet: placements are scheduled on every weekday.</p>
      )}
      <form
        className="row wrap"
        aria-label="Add a closure"
        onSubmit={(e) => {
          e.preventDefault();
          if (doc && run((a) => addClosure(doc, { id: newId(), ...closure, to: closure.to || closure.from }, a)).ok) setClosure({ from: '', to: '', label: '' });
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
        <label className="grow">
          Closure
          <input type="text" value={closure.label} placeholder="e.g. Christmas holiday, INSET" onChange={(e) => setClosure({ ...closure, label: e.target.value })} />
        </label>
        <button type="submit">Add closure</button>
      </form>
      <form
        className="row wrap"
        aria-label="Placement reviews and repeats"
        onSubmit={(e) => {
          e.preventDefault();
          if (doc) run((a) => savePlacementSettings(doc, { reviewEveryWeeks: Number(review), repeatWithinWeeks: Number(repeat) }, a));
        }}
      >
        <label>
          Review placements every (weeks)
          <input type="number" min={1} max={12} value={review} onChange={(e) => setReview(e.target.value)} />
        </label>
        <label>
          Repeat referral within (weeks of reintegration)
          <input type="number" min={1} max={12} value={repeat} onChange={(e) => setRepeat(e.target.value)} />
        </label>
        <button type="submit">Save placement settings</button>
      </form>
    </div>
  );
}
