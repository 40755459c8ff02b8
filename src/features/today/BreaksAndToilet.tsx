// Supervised break and lunch, and toilet visits out and back, for one pupil.
import type * as Y from 'yjs';
import { useCommand } from '../../app/hooks';
import { endToiletVisit, setSupervised, startToiletVisit } from '../../docs/roomDayDoc';
import type { RegisterEntryRow } from '../../domain/register';
import { toClockTime } from '../../domain/time';

const now = () => toClockTime(new Date());

export function BreaksAndToilet({ doc, entry }: { doc: Y.Doc; entry: RegisterEntryRow }) {
  const run = useCommand();
  const { pupilId } = entry;
  const openVisit = entry.toiletVisits.find((v) => v.back === null);
  return (
    <div className="row wrap">
      {(['break', 'lunch'] as const).map((which) => (
        <label className="check" key={which}>
          <input
            type="checkbox"
            checked={which === 'break' ? entry.breakSupervised : entry.lunchSupervised}
            onChange={(e) => run((a) => setSupervised(doc, pupilId, which, e.target.checked, a))}
          />
          Supervised {which}
        </label>
      ))}
      {openVisit ? (
        <button type="button" onClick={() => run((a) => endToiletVisit(doc, pupilId, openVisit.id, now(), a))}>
          Back from toilet (out since {openVisit.out})
        </button>
      ) : (
        <button type="button" onClick={() => run((a) => startToiletVisit(doc, pupilId, now(), a))}>
          Toilet: out now
        </button>
      )}
      {entry.toiletVisits.length > 0 && (
        <ul className="inline-list" aria-label="Toilet visits">
          {entry.toiletVisits.map((v) => (
            <li key={v.id}>
              {v.out}–{v.back ?? 'out'}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
