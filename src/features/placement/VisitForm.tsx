// Follow-up lesson visits during reintegration: date, lesson, teacher, what was seen, a 1–4 rating and the outcome.
import { FormErrors } from '../../components/FormErrors';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type * as Y from 'yjs';
import type { z } from 'zod';
import { useCommand } from '../../app/hooks';
import { addVisit } from '../../docs/placementDoc';
import { visitInputSchema } from '../../domain/placement';
import { GradeOptions } from '../../components/GradeOptions';
import { toIsoDate } from '../../domain/time';

type Values = z.input<typeof visitInputSchema>;

export function VisitForm({ doc, placementId }: { doc: Y.Doc; placementId: string }) {
  const run = useCommand();
  const blank: Values = { date: toIsoDate(new Date()), lesson: '', teacher: '', seen: '', rating: 2, outcome: '' };
  const { register, handleSubmit, formState, reset } = useForm<Values>({ resolver: zodResolver(visitInputSchema), defaultValues: blank });
  return (
    <form
      className="stack"
      aria-label="Record a follow-up visit"
      onSubmit={handleSubmit((values) => {
        if (run((a) => addVisit(doc, placementId, values, a)).ok) reset(blank);
      })}
    >
      <div className="row wrap">
        <label>
          Visit date
          <input type="date" {...register('date')} />
        </label>
        <label>
          Lesson visited
          <input type="text" {...register('lesson')} />
        </label>
        <label>
          Teacher
          <input type="text" {...register('teacher')} />
        </label>
        <label>
          Rating
          <select {...register('rating', { valueAsNumber: true })}>
            <GradeOptions />
          </select>
        </label>
      </div>
      <label>
        What was seen
        <textarea rows={2} {...register('seen')} />
      </label>
      <div className="row wrap">
        <label className="grow">
          Outcome of the visit
          <input type="text" {...register('outcome')} />
        </label>
        <button type="submit">Add visit</button>
      </div>
      <FormErrors errors={formState.errors} />
    </form>
  );
}
