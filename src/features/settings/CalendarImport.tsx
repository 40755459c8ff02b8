// Pasting term dates from a spreadsheet or the local authority's list: every bad line named, nothing saved until all are good.
import { useState } from 'react';
import { useSchoolDoc } from '../../app/hooks';
import { importCalendar } from '../../docs/calendarDoc';
import { CommandError } from '../../docs/records';
import { countOf } from '../../domain/counts';
import { useUiStore } from '../../state/uiStore';

export function CalendarImport() {
  const doc = useSchoolDoc();
  const staffId = useUiStore((s) => s.staffId);
  const say = useUiStore((s) => s.say);
  const [text, setText] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const submit = () => {
    if (!doc) return;
    try {
      const done = importCalendar(doc, text, { staffId: staffId ?? 'unknown', at: new Date().toISOString() });
      setProblems([]);
      setText('');
      say('info', `Imported ${countOf(done.halfTerms, 'half term')} and ${countOf(done.closures, 'closure')}`);
    } catch (err) {
      if (!(err instanceof CommandError)) throw err;
      setProblems(err.details.length ? err.details : [err.message]);
    }
  };
  return (
    <form
      className="stack"
      aria-label="Import term dates"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label>
        Term dates to import, one per line: first day, last day, name
        <textarea
          rows={6}
          value={text}
          placeholder={'2026-09-02,2026-10-23,Autumn 1\n2026-10-26,2026-10-30,Half term\n2026-11-30,2026-11-30,INSET'}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <p className="muted">
        Name half terms Autumn 1, Autumn 2, Spring 1, Spring 2, Summer 1 and Summer 2; any other name is a closure (holiday, bank
        holiday, INSET). Dates as 2026-10-26 or 26/10/2026.
      </p>
      {problems.length > 0 && (
        <div role="alert" className="errors">
          <p>Nothing was imported. Put these right and import again:</p>
          <ul aria-label="Import problems">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <button type="submit" disabled={!text.trim()}>
        Import term dates
      </button>
    </form>
  );
}
