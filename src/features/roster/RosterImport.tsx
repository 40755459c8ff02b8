// Loads pupils from the MIS's CSV export: preview first, every bad row named, nothing half-imported.
import { useState } from 'react';
import { countOf } from '../../domain/counts';
import { useCommand, useSchoolDoc } from '../../app/hooks';
import { importPupils } from '../../docs/schoolDoc';
import { parseRosterCsv, planRosterImport, rosterFieldLabels, type RosterParseResult } from '../../roster/csvImport';
import type { RosterImportPlan } from '../../roster/planImport';
import type { PupilRow } from '../../db/database';

/** FileReader rather than file.text(): it works in every browser a school might have, and in jsdom. */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('Could not read the file'));
    reader.readAsText(file);
  });
}

interface Preview {
  fileName: string;
  parsed: RosterParseResult;
  plan: RosterImportPlan;
}

export function RosterImport({ pupils }: { pupils: PupilRow[] }) {
  const doc = useSchoolDoc();
  const run = useCommand();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [skipBad, setSkipBad] = useState(false);
  const [partOnly, setPartOnly] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  async function onFile(file: File | undefined) {
    setDone(null);
    setSkipBad(false);
    setPartOnly(false);
    if (!file) return setPreview(null);
    const parsed = parseRosterCsv(await readText(file));
    setPreview({ fileName: file.name, parsed, plan: planRosterImport(pupils, parsed.rows.map((r) => r.pupil)) });
  }

  const parsed = preview?.parsed;
  const canImport = !!parsed && parsed.missingColumns.length === 0 && parsed.rows.length > 0 && (parsed.errors.length === 0 || skipBad);
  // A file with rows left out, or only part of the school, says nothing about who has left.
  const leavers = preview && parsed && parsed.errors.length === 0 && !partOnly ? preview.plan.toMarkLeft : [];

  return (
    <div className="roster-import">
      <label>
        Pupil roster CSV (exported from SIMS, Arbor or Bromcom)
        <input type="file" accept=".csv,text/csv" onChange={(e) => void onFile(e.target.files?.[0])} />
      </label>
      {preview && parsed && (
        <section aria-label="Import preview" className="preview">
          {parsed.missingColumns.length > 0 ? (
            <p role="alert" className="field-error">
              {preview.fileName} has no column for {parsed.missingColumns.map((f) => rosterFieldLabels[f]).join(', ')}. Nothing
              can be imported from it.
            </p>
          ) : (
            <>
              <p>
                {preview.fileName}: {countOf(parsed.rows.length, 'pupil')} ready ({preview.plan.toAdd.length} new,{' '}
                {preview.plan.toUpdate.length} to update, {preview.plan.unchanged} unchanged)
                {parsed.errors.length > 0 && `, ${countOf(parsed.errors.length, 'row')} with problems`}.
                {preview.plan.toReturn.length > 0 && ` ${countOf(preview.plan.toReturn.length, 'pupil')} marked as left will be back on the roll.`}
              </p>
              {preview.plan.toMarkLeft.length > 0 && parsed.errors.length === 0 && (
                <>
                  <p>
                    {partOnly
                      ? 'Nobody will be marked as left.'
                      : `${countOf(preview.plan.toMarkLeft.length, 'pupil')} on the roll ${preview.plan.toMarkLeft.length === 1 ? 'is' : 'are'} not in this file and will be marked as left today: their records are kept, and they no longer appear when you add a pupil.`}
                  </p>
                  <label className="check">
                    <input type="checkbox" checked={partOnly} onChange={(e) => setPartOnly(e.target.checked)} />
                    This file is only part of the school: do not mark anyone as left
                  </label>
                </>
              )}
              {parsed.errors.length > 0 && (
                <>
                  <ul aria-label="Rows with problems" className="errors">
                    {parsed.errors.map((e) => (
                      <li key={e.line}>{e.reason}</li>
                    ))}
                  </ul>
                  <label className="check">
                    <input type="checkbox" checked={skipBad} onChange={(e) => setSkipBad(e.target.checked)} />
                    Import the {countOf(parsed.rows.length, 'good row')} and leave out the {parsed.errors.length} with problems
                  </label>
                </>
              )}
            </>
          )}
          <button
            type="button"
            className="primary"
            disabled={!canImport || !doc}
            onClick={() => {
              if (!doc) return;
              const result = run((a) => importPupils(doc, { ...preview.plan, toMarkLeft: leavers }, a));
              if (!result.ok) return;
              const { added, updated, left, returned } = result.value;
              setDone(
                `Imported: ${countOf(added, 'new pupil')}, ${updated} updated` +
                  (left ? `, ${countOf(left, 'pupil')} marked as left` : '') +
                  (returned ? `, ${returned} back on the roll` : '') +
                  '.',
              );
              setPreview(null);
            }}
          >
            Import pupils
          </button>
        </section>
      )}
      {done && <p role="status">{done}</p>}
    </div>
  );
}
