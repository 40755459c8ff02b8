// "Load demo school": a generated roll of about 1,000 fake pupils, with rooms, staff and a school day where none are set, for trying Baseroom in one step.
import { useState } from 'react';
import { useCommand, useSchoolDoc } from '../../app/hooks';
import { fillEmptySchool, importPupils } from '../../docs/schoolDoc';
import { defaultPeriods } from '../../domain/school';
import { slugId } from '../../domain/slug';
import { planRosterImport } from '../../roster/planImport';
import type { PupilRow } from '../../db/database';

export function DemoSchoolButton({ pupils }: { pupils: PupilRow[] }) {
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
          const ids: string[] = [];
          const periods = defaultPeriods.map((p) => {
            const id = slugId(p.label, ids);
            ids.push(id);
            return { ...p, id };
          });
          const result = run((a) => {
            fillEmptySchool(doc, { ...demo, periods }, a);
            return importPupils(doc, plan, a);
          });
          setStatus(result.ok ? `Demo school loaded: ${result.value.added} pupils added, with rooms, staff and a school day where there were none.` : null);
        }}
      >
        Load demo school
      </button>
      {status && <span role="status">{status}</span>}
    </div>
  );
}
