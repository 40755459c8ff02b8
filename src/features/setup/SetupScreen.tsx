// First run: set up the school (name, rooms, day, staff, pupils), then start the register; what is missing is said at the button and focused.
import { useState } from 'react';
import type { SchoolRow } from '../../db/database';
import { useSchoolDoc } from '../../app/hooks';
import * as Y from 'yjs';
import { completeSetup, projectSchool } from '../../docs/schoolDoc';
import { CommandError } from '../../docs/records';
import { useUiStore } from '../../state/uiStore';
import { SchoolSections } from '../settings/SettingsScreen';

const emptySchool: SchoolRow = { key: 'school', ...projectSchool(new Y.Doc()).snapshot };

/** Moves focus to the first field of the set-up section that needs filling in (its heading id is `s-<section>`). */
function focusSection(section: string | undefined) {
  const field = section && document.querySelector<HTMLElement>(`section[aria-labelledby="s-${section}"] input, section[aria-labelledby="s-${section}"] select`);
  if (!field) return;
  field.focus();
  field.scrollIntoView?.({ block: 'center' });
}

export function SetupScreen({ school }: { school: SchoolRow | null }) {
  const doc = useSchoolDoc();
  const staffId = useUiStore((s) => s.staffId);
  const [problem, setProblem] = useState<string | null>(null);
  const current = school ?? emptySchool;
  const finish = () => {
    if (!doc) return;
    try {
      completeSetup(doc, { staffId: staffId ?? 'unknown', at: new Date().toISOString() });
      setProblem(null);
    } catch (err) {
      if (!(err instanceof CommandError)) throw err;
      setProblem(err.message);
      focusSection(err.details[0]);
    }
  };
  return (
    <div className="setup">
      <h1>Set up Baseroom</h1>
      <p>
        Tell Baseroom about your school. Everything is stored on this device and works without a network. You can change
        any of it later in Settings.
      </p>
      <SchoolSections school={current} />
      <div className="row wrap">
        <button type="button" className="primary" disabled={!doc} onClick={finish} aria-describedby={problem ? 'setup-problem' : undefined}>
          Finish set-up
        </button>
        {problem && (
          <p id="setup-problem" className="field-error" role="alert">
            {problem}: see above.
          </p>
        )}
      </div>
    </div>
  );
}
