// The phased timetable: week by week, which lessons the pupil spends in the room and which back in lessons.
import { useState } from 'react';
import type * as Y from 'yjs';
import { useCommand } from '../../app/hooks';
import { setTimetablePlace } from '../../docs/placementDoc';
import { timetableKey, timetableWeeks, type PlacementRow, type TimetablePlace } from '../../domain/placement';
import type { Period } from '../../domain/school';

export function TimetableGrid({ doc, placement, periods }: { doc: Y.Doc; placement: PlacementRow; periods: Period[] }) {
  const run = useCommand();
  const [extra, setExtra] = useState(0);
  const weeks = timetableWeeks(placement.timetable) + extra;
  const editable = placement.status !== 'finished';
  return (
    <div className="timetable">
      <table className="marks" aria-label="Phased timetable">
        <thead>
          <tr>
            <th scope="col">Week</th>
            {periods.map((p) => (
              <th key={p.id} scope="col">
                {p.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: weeks }, (_, i) => i + 1).map((week) => (
            <tr key={week}>
              <th scope="row">Week {week}</th>
              {periods.map((p) => (
                <td key={p.id}>
                  <select
                    aria-label={`Week ${week} ${p.label}`}
                    disabled={!editable}
                    value={placement.timetable[timetableKey(week, p.id)] ?? 'room'}
                    onChange={(e) => run((a) => setTimetablePlace(doc, placement.id, week, p.id, e.target.value as TimetablePlace, a))}
                  >
                    <option value="room">In the room</option>
                    <option value="lessons">In lessons</option>
                  </select>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {editable && (
        <button type="button" onClick={() => setExtra((n) => n + 1)}>
          Add a week
        </button>
      )}
    </div>
  );
}
