// What was decided about an incident logged before the decision was known: added on the phone or by the coordinator.
import { useState } from 'react';
import type * as Y from 'yjs';
import { useCommand } from '../../app/hooks';
import { decideIncident } from '../../docs/providerDayDoc';

export function IncidentDecisionForm({ doc, incidentId, label }: { doc: Y.Doc | (() => Promise<Y.Doc>); incidentId: string; label: string }) {
  const run = useCommand();
  const [decided, setDecided] = useState('');
  return (
    <form
      className="row wrap decision-form"
      aria-label={label}
      onSubmit={async (e) => {
        e.preventDefault();
        const open = typeof doc === 'function' ? await doc() : doc;
        if (run((a) => decideIncident(open, { incidentId, decided }, a)).ok) setDecided('');
      }}
    >
      <label className="grow">
        What was decided
        <input type="text" value={decided} onChange={(e) => setDecided(e.target.value)} placeholder="With the coordinator or SLT" />
      </label>
      <button type="submit">Save decision</button>
    </form>
  );
}
