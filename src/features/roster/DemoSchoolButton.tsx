// "Load demo school": a generated roll of about 1,000 fake pupils, for trying Baseroom without real data.
import { useState } from 'react';
import { useCommand, useSchoolDoc } from '../../app/hooks';
import { importPupils, saveSchoolSettings } from '../../docs/schoolDoc';
import { planRosterImport } from '../../roster/planImport';
import type { PupilRow } from '../../db/database';

export function DemoSchoolButton({ pupils, schoolName }: { pupils: PupilRow[]; schoolName: string }) {
  const doc = useSchoolDoc();
  const run = useCommand();
  const [status, setStatus] = useState<string | null>(null);
  return (
    <div className="row wrap">
      <button
        type="button"
        disabled={!doc}
        onClick={async () => {
          if (!doc) return;
          setStatus('Generating…');
          // Loaded on demand: the name lists are not needed on a school's everyday screens.
          const { generateDemoSchool } = await import('../../roster/demoSchool');
          const demo = generateDemoSchool();
          const plan = planRosterImport(pupils, demo.pupils);
          const result = run((a) => {
            if (!schoolName) saveSchoolSettings(doc, { name: demo.name }, a);
            return importPupils(doc, plan, a);
          });
          setStatus(result.ok ? `Demo school loaded: ${result.value.added} pupils added.` : null);
        }}
      >
        Load demo school
      </button>
      {status && <span role="status">{status}</span>}
    </div>
  );
}
