// Records a contact with the pupil's parents or carers: when, how, with whom, what was said, what follows.
import { FormErrors } from '../../components/FormErrors';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type * as Y from 'yjs';
import type { z } from 'zod';
import { useCommand } from '../../app/hooks';
import { addParentContact } from '../../docs/pupilDoc';
import { contactMethodLabels, contactMethods, parentContactInputSchema } from '../../domain/parentContact';
import { clockTimeSchema, isoDateSchema, toClockTime, toIsoDate } from '../../domain/time';
import { TimeInput } from '../../components/TimeInput';

// Date and time are asked for apart: a 24-hour time box reads the same on every device, unlike datetime-local.
const contactFormSchema = parentContactInputSchema.omit({ at: true }).extend({ date: isoDateSchema, time: clockTimeSchema });
type ContactForm = z.input<typeof contactFormSchema>;
const now = () => ({ date: toIsoDate(new Date()), time: toClockTime(new Date()) });

export function ContactForm({ doc, pupilId }: { doc: Y.Doc; pupilId: string }) {
  const run = useCommand();
  const blank = { ...now(), method: 'phone' as const, withWhom: '', summary: '', outcome: '', followUpDue: '' };
  const { register, handleSubmit, reset, formState } = useForm<ContactForm>({
    resolver: zodResolver(contactFormSchema),
    defaultValues: blank,
  });
  return (
    <form
      className="stack"
      aria-label="Record parent or carer contact"
      onSubmit={handleSubmit(({ date, time, ...values }) => {
        if (run((a) => addParentContact(doc, pupilId, { ...values, at: `${date}T${time}` }, a)).ok) reset({ ...blank, ...now() });
      })}
    >
      <div className="row wrap">
        <label>
          Date
          <input type="date" {...register('date')} />
        </label>
        <label>
          Time
          <TimeInput {...register('time')} />
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
      <FormErrors errors={formState.errors} />
    </form>
  );
}
