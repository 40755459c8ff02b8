// The reintegration plan: lessons the pupil goes back to, teachers told, targets and the day it starts.
import { FormErrors } from '../../components/FormErrors';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type * as Y from 'yjs';
import type { z } from 'zod';
import { useCommand } from '../../app/hooks';
import { startReintegration } from '../../docs/placementDoc';
import { reintegrationInputSchema, type PlacementRow } from '../../domain/placement';
import { toIsoDate } from '../../domain/time';

type Values = z.input<typeof reintegrationInputSchema>;

export function ReintegrationForm({ doc, placement }: { doc: Y.Doc; placement: PlacementRow }) {
  const run = useCommand();
  const plan = placement.reintegration;
  const { register, handleSubmit, formState } = useForm<Values>({
    resolver: zodResolver(reintegrationInputSchema),
    defaultValues: {
      lessonsReturning: plan?.lessonsReturning ?? '',
      teachersInformed: plan?.teachersInformed ?? '',
      targets: plan?.targets ?? '',
      startDate: plan?.startDate ?? toIsoDate(new Date()),
    },
  });
  return (
    <form className="stack" aria-label="Reintegration plan" onSubmit={handleSubmit((values) => run((a) => startReintegration(doc, placement.id, values, a)))}>
      <label>
        Lessons returning to
        <input type="text" {...register('lessonsReturning')} placeholder="e.g. Maths, English, PE" />
      </label>
      <label>
        Teachers informed
        <input type="text" {...register('teachersInformed')} />
      </label>
      <label>
        Reintegration targets
        <textarea rows={2} {...register('targets')} />
      </label>
      <div className="row wrap">
        <label>
          Back in lessons from
          <input type="date" {...register('startDate')} />
        </label>
        <button type="submit">Save reintegration plan</button>
      </div>
      <FormErrors errors={formState.errors} />
    </form>
  );
}
