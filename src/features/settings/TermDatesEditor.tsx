// The school's term dates: six half terms a year, entered one by one or copied forward from last year.
import { useState } from 'react';
import { useCommand, useSchoolDoc } from '../../app/hooks';
import { addBankHolidays, copyYearForward, removeHalfTerm, saveHalfTerm } from '../../docs/calendarDoc';
import { halfTermNames, schoolYearLabel, type HalfTermName, type SchoolCalendar } from '../../domain/schoolCalendar';
import { formatDayLabel } from '../../domain/time';
import { countOf } from '../../domain/counts';
import { useUiStore } from '../../state/uiStore';

export function TermDatesEditor({ calendar }: { calendar: SchoolCalendar }) {
  const doc = useSchoolDoc();
  const run = useCommand();
  const say = useUiStore((s) => s.say);
  const [half, setHalf] = useState<{ name: HalfTermName; first: string; last: string }>({ name: 'Autumn 1', first: '', last: '' });
  const years = [...new Set(calendar.halfTerms.map((h) => h.year))].sort();
  const latest = years.at(-1);
  return (
    <div className="stack">
      {years.length === 0 && (
        <p className="notice">No term dates yet. Until they are entered, nothing can be scheduled and “this half term” is not known.</p>
      )}
      {years.map((year) => {
        const terms = calendar.halfTerms.filter((h) => h.year === year).sort((a, b) => halfTermNames.indexOf(a.name) - halfTermNames.indexOf(b.name));
        const missing = halfTermNames.filter((n) => !terms.some((h) => h.name === n));
        return (
          <div key={year} className="stack">
            <table className="log-table" aria-label={`Half terms ${schoolYearLabel(year)}`}>
              <caption>
                {schoolYearLabel(year)}
                {missing.length > 0 && ` — still to enter: ${missing.join(', ')}`}
              </caption>
              <tbody>
                {terms.map((h) => (
                  <tr key={h.id}>
                    <th scope="row">{h.name}</th>
                    <td>
                      {formatDayLabel(h.first)} {h.first.slice(0, 4)} to {formatDayLabel(h.last)} {h.last.slice(0, 4)}
                    </td>
                    <td>
                      <button type="button" className="quiet" onClick={() => doc && run(() => removeHalfTerm(doc, h.id))}>
                        Remove {h.name} {schoolYearLabel(year)}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button
              type="button"
              onClick={() => {
                const added = doc && run((a) => addBankHolidays(doc, year, a));
                if (added?.ok) say('info', added.value ? `Added ${countOf(added.value, 'bank holiday')} in term time` : 'Every bank holiday in term time is already a closure');
              }}
            >
              Add bank holidays in {schoolYearLabel(year)} term time
            </button>
          </div>
        );
      })}
      <form
        className="row wrap"
        aria-label="Add a half term"
        onSubmit={(e) => {
          e.preventDefault();
          if (doc && run((a) => saveHalfTerm(doc, half, a)).ok) setHalf({ ...half, first: '', last: '' });
        }}
      >
        <label>
          Half term
          <select value={half.name} onChange={(e) => setHalf({ ...half, name: e.target.value as HalfTermName })}>
            {halfTermNames.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <label>
          First day
          <input type="date" value={half.first} onChange={(e) => setHalf({ ...half, first: e.target.value })} />
        </label>
        <label>
          Last day
          <input type="date" value={half.last} onChange={(e) => setHalf({ ...half, last: e.target.value })} />
        </label>
        <button type="submit">Save half term</button>
      </form>
      {latest !== undefined && (
        <button
          type="button"
          onClick={() => {
            const copied = doc && run((a) => copyYearForward(doc, latest, a));
            if (copied?.ok) {
              say('info', `Copied to ${schoolYearLabel(latest + 1)}: ${countOf(copied.value.halfTerms, 'half term')} and ${countOf(copied.value.closures, 'closure')}. Check them against the local authority’s dates.`);
            }
          }}
        >
          Copy {schoolYearLabel(latest)} forward to {schoolYearLabel(latest + 1)}
        </button>
      )}
    </div>
  );
}
