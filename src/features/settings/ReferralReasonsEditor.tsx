// The school's referral reasons: rename one, map it to a DfE reason code, archive it, or add a new one.
import { useState } from 'react';
import { useCommand, useSchoolDoc } from '../../app/hooks';
import { saveReferralCategory } from '../../docs/referralCategoriesDoc';
import { currentDfeReasons, dfeReason, dfeReasonText } from '../../domain/exclusionReasons';
import { defaultReferralCategories, type ReferralCategory } from '../../domain/referralCategory';
import { slugId } from '../../domain/slug';

function CodeSelect({ label, value, onChange }: { label: string; value: string; onChange(code: string): void }) {
  const withdrawn = value && dfeReason(value)?.withdrawn ? dfeReason(value) : undefined;
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">No DfE code (not a sanction)</option>
        {withdrawn && (
          <option value={withdrawn.code} disabled>
            {dfeReasonText(withdrawn.code)}
          </option>
        )}
        {currentDfeReasons.map((r) => (
          <option key={r.code} value={r.code}>
            {dfeReasonText(r.code)}
            {r.checked ? '' : ' (wording to check against the census guide)'}
          </option>
        ))}
      </select>
    </label>
  );
}

function ReasonRow({ category }: { category: ReferralCategory }) {
  const doc = useSchoolDoc();
  const run = useCommand();
  const [label, setLabel] = useState(category.label);
  const [code, setCode] = useState(category.dfeCode ?? '');
  const save = (archived = category.archived) =>
    doc && run((a) => saveReferralCategory(doc, { id: category.id, label, dfeCode: code || null, archived }, a));
  return (
    <li>
      <form
        className="row wrap"
        aria-label={`Reason: ${category.label}`}
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <label className="grow">
          Name of the reason
          <input type="text" value={label} onChange={(e) => setLabel(e.target.value)} />
        </label>
        <CodeSelect label="DfE reason code" value={code} onChange={setCode} />
        <button type="submit">Save {category.label}</button>
        <button type="button" onClick={() => save(!category.archived)}>
          {category.archived ? `Use ${category.label} again` : `Stop using ${category.label}`}
        </button>
      </form>
    </li>
  );
}

export function ReferralReasonsEditor({ categories = [...defaultReferralCategories] }: { categories?: ReferralCategory[] }) {
  const doc = useSchoolDoc();
  const run = useCommand();
  const [label, setLabel] = useState('');
  const [code, setCode] = useState('');
  const inUse = categories.filter((c) => !c.archived);
  const archived = categories.filter((c) => c.archived);
  return (
    <div className="stack">
      <p className="muted">
        Referrals take up to three of these reasons. Each is reported under its DfE suspension and exclusion reason code; a
        referral keeps the name and code it was taken with.
      </p>
      <ul className="plain-list" aria-label="Referral reasons">
        {inUse.map((c) => (
          <ReasonRow key={`${c.id}/${c.label}/${c.dfeCode}`} category={c} />
        ))}
      </ul>
      {archived.length > 0 && (
        <ul className="plain-list" aria-label="Reasons no longer in use">
          {archived.map((c) => (
            <ReasonRow key={`${c.id}/${c.label}/${c.dfeCode}/a`} category={c} />
          ))}
        </ul>
      )}
      <form
        className="row wrap"
        aria-label="Add a referral reason"
        onSubmit={(e) => {
          e.preventDefault();
          const id = slugId(label, categories.map((c) => c.id));
          if (doc && run((a) => saveReferralCategory(doc, { id, label, dfeCode: code || null, archived: false }, a)).ok) {
            setLabel('');
            setCode('');
          }
        }}
      >
        <label className="grow">
          New reason
          <input type="text" value={label} placeholder="e.g. Vaping in the toilets" onChange={(e) => setLabel(e.target.value)} />
        </label>
        <CodeSelect label="DfE code for the new reason" value={code} onChange={setCode} />
        <button type="submit">Add reason</button>
      </form>
    </div>
  );
}
