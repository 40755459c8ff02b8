// Records the placement for a scheduled referral: isolation or a BASE pathway, entry needs, targets, agreed outcome.
import { FormErrors } from '../../components/FormErrors';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type * as Y from 'yjs';
import type { z } from 'zod';
import { useCommand } from '../../app/hooks';
import { recordPlacement } from '../../docs/placementDoc';
import { placementInputSchema, placementKindLabels, placementKinds } from '../../domain/placement';
import type { ReferralRow } from '../../domain/referral';

type Values = z.input<typeof placementInputSchema>;

export function PlacementForm({ doc, referral }: { doc: Y.Doc; referral: ReferralRow }) {
  const run = useCommand();
  const { register, handleSubmit, formState } = useForm<Values>({
    resolver: zodResolver(placementInputSchema),
    defaultValues: {
      referralId: referral.id,
      kind: referral.requestedDays > 5 ? 'short' : 'isolation',
      start: referral.scheduledDays[0] ?? referral.date,
      needsAssessment: '',
      targets: '',
      agreedOutcome: '',
    },
  });
  return (
    <form className="stack" aria-label="Start the placement" onSubmit={handleSubmit((values) => run((a) => recordPlacement(doc, referral.pupilId, values, a)))}>
      <div className="row wrap">
        <label>
          Kind of placement
          <select {...register('kind')}>
            {placementKinds.map((k) => (
              <option key={k} value={k}>
                {placementKindLabels[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Start date
          <input type="date" {...register('start')} />
        </label>
      </div>
      <label>
        Entry needs assessment
        <textarea rows={2} {...register('needsAssessment')} />
      </label>
      <label>
        Targets
        <textarea rows={2} {...register('targets')} />
      </label>
      <label>
        Outcome agreed with the pupil and parent
        <input type="text" {...register('agreedOutcome')} />
      </label>
      <button type="submit">Start placement</button>
      <FormErrors errors={formState.errors} />
    </form>
  );
}
