// Records a contact with the pupil's parents or carers: when, how, with whom, what was said, what follows.
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type * as Y from 'yjs';
import type { z } from 'zod';
import { useCommand } from '../../app/hooks';
import { addParentContact } from '../../docs/pupilDoc';
import { contactMethodLabels, contactMethods, parentContactInputSchema } from '../../domain/parentContact';
import { toClockTime, toIsoDate } from '../../domain/time';

type ContactForm = z.input<typeof parentContactInputSchema>;
const nowLocal = () => `${toIsoDate(new Date())}T${toClockTime(new Date())}`;

export function ContactForm({ doc, pupilId }: { doc: Y.Doc; pupilId: string }) {
  const run = useCommand();
  const blank = { at: nowLocal(), method: 'phone' as const, withWhom: '', summary: '', outcome: '', followUpDue: '' };
  const { register, handleSubmit, reset, formState } = useForm<ContactForm>({
    resolver: zodResolver(parentContactInputSchema),
    defaultValues: blank,
  });
  const errors = Object.values(formState.errors).map((e) => e?.message).filter(Boolean);
  return (
    <form
      className="stack"
      aria-label="Record parent or carer contact"
      onSubmit={handleSubmit((values) => {
        if (run((a) => addParentContact(doc, pupilId, values, a)).ok) reset({ ...blank, at: nowLocal() });
      })}
    >
      <div className="row wrap">
        <label>
          When
          <input type="datetime-local" {...register('at')} />
        </label>
        <label>
          How
          <select {...register('method')}>
            {contactMethods.map((m) => (
              <option key={m} value={m}>
                {contactMethodLabels[m]}
              </option>
            ))}
          </select>
        </label>
        <label className="grow">
          With whom
          <input type="text" {...register('withWhom')} placeholder="e.g. Mum (Ms Okafor)" />
        </label>
      </div>
      <label>
        Summary
        <textarea rows={2} {...register('summary')} />
      </label>
      <div className="row wrap">
        <label className="grow">
          Outcome
          <input type="text" {...register('outcome')} />
        </label>
        <label>
          Follow-up due
          <input type="date" {...register('followUpDue')} />
        </label>
        <button type="submit">Save contact</button>
      </div>
      {errors.length > 0 && <p className="field-error" role="alert">{errors.join('. ')}</p>}
    </form>
  );
}
