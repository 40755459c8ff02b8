// Takes a referral: who referred, when, the lesson and subject, up to three reasons (each mapped to a DfE code) and days requested.
import { FormErrors } from '../../components/FormErrors';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type * as Y from 'yjs';
import type { z } from 'zod';
import { useCommand } from '../../app/hooks';
import { takeReferral } from '../../docs/referralDoc';
import { referralInputSchema } from '../../domain/referral';
import type { ReferralCategory } from '../../domain/referralCategory';
import type { Pupil } from '../../domain/pupil';
import { dfeReasonText } from '../../domain/exclusionReasons';
import type { Period } from '../../domain/school';
import { toIsoDate } from '../../domain/time';

type ReferralFormValues = z.input<typeof referralInputSchema>;

const reasonLabels = ['Reason', 'Second reason (optional)', 'Third reason (optional)'] as const;

export function ReferralForm({ doc, pupil, pupilName, periods, categories, onSaved }: {
  doc: Y.Doc;
  pupil: Pick<Pupil, 'id' | 'yearGroup' | 'sen'>;
  categories: ReferralCategory[];
  pupilName: string;
  periods: Period[];
  onSaved(referralId: string): void;
}) {
  const run = useCommand();
  const { register, handleSubmit, formState } = useForm<ReferralFormValues>({
    resolver: zodResolver(referralInputSchema),
    defaultValues: { referredBy: '', date: toIsoDate(new Date()), period: '', subject: '', categoryIds: ['', '', ''], description: '', requestedDays: 1 },
  });
  return (
    <form
      className="stack"
      aria-label={`Referral for ${pupilName}`}
      onSubmit={handleSubmit((values) => {
        const saved = run((a) => takeReferral(doc, pupil, values, categories, a));
        if (saved.ok) onSaved(saved.value);
      })}
    >
      <div className="row wrap">
        <label className="grow">
          Referred by
          <input type="text" {...register('referredBy')} placeholder="e.g. Ms Hale (science)" />
        </label>
        <label>
          Date of the incident
          <input type="date" max={toIsoDate(new Date())} {...register('date')} />
        </label>
        <label>
          Lesson
          <select {...register('period')}>
            <option value="">Not in a lesson</option>
            {periods.map((p) => (
              <option key={p.id} value={p.label}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Subject
          <input type="text" {...register('subject')} placeholder="e.g. Science" />
        </label>
      </div>
      <div className="row wrap">
        {reasonLabels.map((label, i) => (
          <label key={label} className="grow">
            {label}
            <select {...register(`categoryIds.${i}`)}>
              <option value="">{i === 0 ? 'Choose a reason' : 'None'}</option>
              {categories
                .filter((c) => !c.archived)
                .map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.label} ({dfeReasonText(c.dfeCode)})
                  </option>
                ))}
            </select>
          </label>
        ))}
      </div>
      <label>
        What happened
        <textarea rows={3} {...register('description')} />
      </label>
      <div className="row wrap">
        <label>
          Days requested
          <input type="number" min={1} max={60} {...register('requestedDays', { valueAsNumber: true })} />
        </label>
        <button type="submit">Save referral</button>
      </div>
      <FormErrors errors={formState.errors} />
    </form>
  );
}
