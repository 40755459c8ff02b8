// Safeguarding flags not yet confirmed as logged on CPOMS: they stay in view on Today until someone confirms.
import { useLiveQuery } from 'dexie-react-hooks';
import { useServices } from '../../app/services';
import { useCommand } from '../../app/hooks';
import { confirmSafeguardingLogged } from '../../docs/roomDayDoc';
import { SAFEGUARDING_PROMPT } from '../../domain/behaviourNote';
import { pupilDisplayName } from '../../domain/pupil';
import { formatDayLabel, toClockTime } from '../../domain/time';
import type { PupilRow } from '../../db/database';

export function SafeguardingFlags({ roomId, pupils }: { roomId: string; pupils: Map<string, PupilRow> }) {
  const { db, docs } = useServices();
  const run = useCommand();
  const flags = useLiveQuery(
    // By the unconfirmed flags' index (oldest first): not every safeguarding note of the school's year.
    () => db.behaviourNotes.orderBy('unconfirmedFlagOn').filter((n) => n.roomId === roomId).toArray(),
    [db, roomId],
  );
  if (!flags || flags.length === 0) return null;
  return (
    <section className="banner error flags" aria-labelledby="flags-heading">
      <div>
        <h2 id="flags-heading">Safeguarding flags to confirm</h2>
        <p>{SAFEGUARDING_PROMPT}</p>
        <ul aria-label="Unconfirmed safeguarding flags">
          {flags.map((flag) => {
            const pupil = pupils.get(flag.pupilId);
            const name = pupil ? pupilDisplayName(pupil) : 'A pupil';
            return (
              <li key={flag.id} className="row wrap">
                <span>
                  {name}, {formatDayLabel(flag.date)} {toClockTime(new Date(flag.createdAt))}
                </span>
                <button
                  type="button"
                  onClick={async () => {
                    const open = await docs.open(flag.docName);
                    run((a) => confirmSafeguardingLogged(open.doc, flag.id, a));
                  }}
                >
                  Confirm {name}’s flag is logged on CPOMS
                </button>
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}
