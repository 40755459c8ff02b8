// Finds a pupil on the roll by part of a name or tutor group, and hands the chosen one to the caller.
import { useDeferredValue, useId, useMemo, useState } from 'react';
import { pupilDisplayName } from '../domain/pupil';
import type { PupilRow } from '../db/database';

const MAX_RESULTS = 8;
const nobody = new Set<string>();

// Each row's searchable text, lower-cased once per row read rather than for all 1,000 pupils on every key typed.
const haystacks = new WeakMap<PupilRow, string>();
function haystack(p: PupilRow): string {
  let hay = haystacks.get(p);
  if (hay === undefined) {
    hay = `${p.legalForename} ${p.preferredName ?? ''} ${p.legalSurname} ${p.tutorGroup}`.toLocaleLowerCase('en-GB');
    haystacks.set(p, hay);
  }
  return hay;
}

export function matchPupils(pupils: PupilRow[], query: string, exclude: Set<string>): PupilRow[] {
  const terms = query.trim().toLocaleLowerCase('en-GB').split(/\s+/).filter(Boolean);
  if (terms.length === 0) return [];
  const out: PupilRow[] = [];
  for (const p of pupils) {
    // Leavers keep their records, but nobody picks them for anything new.
    if (exclude.has(p.id) || p.leftOn) continue;
    const hay = haystack(p);
    if (terms.every((t) => hay.includes(t))) out.push(p);
    if (out.length === MAX_RESULTS) break;
  }
  return out;
}

export function PupilSearch({
  pupils,
  label,
  verb,
  exclude = nobody,
  placeholder = 'Name or tutor group, e.g. “Jess” or “9X2”',
  onPick,
}: {
  /** The roll; undefined while it is still being read (the box works at once, and says so if asked meanwhile). */
  pupils: PupilRow[] | undefined;
  /** The search box's label, e.g. "Add a pupil". */
  label: string;
  /** What choosing does, leading each result's button, e.g. "Add" → "Add Jess Okafor, 9X2". */
  verb: string;
  exclude?: Set<string>;
  placeholder?: string;
  onPick(pupil: PupilRow): void;
}) {
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const results = useMemo(() => matchPupils(pupils ?? [], deferred, exclude), [pupils, deferred, exclude]);
  const inputId = useId();
  return (
    <div className="add-pupil">
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        type="search"
        value={query}
        placeholder={placeholder}
        autoComplete="off"
        onChange={(e) => setQuery(e.target.value)}
      />
      {deferred.trim() && (
        <ul className="search-results" aria-label="Matching pupils">
          {!pupils && <li className="muted" aria-busy="true">Reading the roll…</li>}
          {pupils && results.length === 0 && <li className="muted">No pupil on the roll matches “{deferred.trim()}”.</li>}
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
