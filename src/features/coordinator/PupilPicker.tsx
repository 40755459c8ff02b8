// Finds a pupil on the roll to act on (take a referral for), by part of a name or tutor group.
import { useDeferredValue, useId, useMemo, useState } from 'react';
import { pupilDisplayName } from '../../domain/pupil';
import type { PupilRow } from '../../db/database';
import { matchPupils } from '../today/AddPupilSearch';

const none = new Set<string>();

export function PupilPicker({ pupils, label, verb, onPick }: { pupils: PupilRow[]; label: string; verb: string; onPick(pupil: PupilRow): void }) {
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const results = useMemo(() => matchPupils(pupils, deferred, none), [pupils, deferred]);
  const inputId = useId();
  return (
    <div className="add-pupil">
      <label htmlFor={inputId}>{label}</label>
      <input id={inputId} type="search" value={query} autoComplete="off" placeholder="Name or tutor group" onChange={(e) => setQuery(e.target.value)} />
      {deferred.trim() && (
        <ul className="search-results" aria-label="Matching pupils">
          {results.length === 0 && <li className="muted">No pupil on the roll matches “{deferred.trim()}”.</li>}
          {results.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                onClick={() => {
                  onPick(p);
                  setQuery('');
                }}
              >
                {verb} {pupilDisplayName(p)}, {p.tutorGroup}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
