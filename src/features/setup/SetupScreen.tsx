// First run: set up the school (name, rooms, day, staff, pupils), then start the register.
import type { SchoolRow } from '../../db/database';
import { useCommand, useSchoolDoc } from '../../app/hooks';
import * as Y from 'yjs';
import { completeSetup, projectSchool } from '../../docs/schoolDoc';
import { SchoolSections } from '../settings/SettingsScreen';

const emptySchool: SchoolRow = { key: 'school', ...projectSchool(new Y.Doc()).snapshot };

export function SetupScreen({ school }: { school: SchoolRow | null }) {
  const doc = useSchoolDoc();
  const run = useCommand();
  const current = school ?? emptySchool;
  return (
    <div className="setup">
      <h1>Set up Baseroom</h1>
      <p>
        Tell Baseroom about your school. Everything is stored on this device and works without a network. You can change
        any of it later in Settings.
      </p>
      <SchoolSections school={current} />
      <div className="row">
        <button type="button" className="primary" disabled={!doc} onClick={() => doc && run((a) => completeSetup(doc, a))}>
          Finish set-up
        </button>
      </div>
    </div>
  );
}
