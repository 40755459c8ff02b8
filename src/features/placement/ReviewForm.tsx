// Reviews a running placement: progress since the last review, computed from the room's records, plus notes and a decision.
import { FormErrors } from '../../components/FormErrors';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type * as Y from 'yjs';
import type { z } from 'zod';
import { useCommand } from '../../app/hooks';
import { recordReview } from '../../docs/placementDoc';
import type { PlacementRow } from '../../domain/placement';
import { progressSummary, reviewDecisionLabels, reviewDecisions, reviewInputSchema, reviewProgress, type ReviewRow } from '../../domain/review';
import { addDays, toIsoDate } from '../../domain/time';
import type { PupilRecords } from '../pupil/timeline';

type Values = z.input<typeof reviewInputSchema>;

export function ReviewForm({ doc, placement, records, reviews, plannedDays }: { doc: Y.Doc; placement: PlacementRow; records: PupilRecords; reviews: ReviewRow[]; plannedDays: string[] }) {
  const run = useCommand();
  const { register, handleSubmit, formState, watch, reset } = useForm<Values>({
    resolver: zodResolver(reviewInputSchema),
    defaultValues: { date: toIsoDate(new Date()), notes: '', decision: 'continue' },
  });
  const last = reviews.at(-1);
  const from = last ? addDays(last.date, 1) : placement.start;
  const date = watch('date') || toIsoDate(new Date());
  const progress = reviewProgress(records, from, date, plannedDays);
  return (
    <form
      className="stack"
      aria-label="Review the placement"
      onSubmit={handleSubmit((values) => {
        if (run((a) => recordReview(doc, placement.id, values, reviewProgress(records, from, values.date, plannedDays), a)).ok) reset();
      })}
    >
      <p role="status" aria-label="Progress since the last review">
        {progressSummary(progress)}
      </p>
      <div className="row wrap">
        <label>
          Review date
          <input type="date" {...register('date')} />
        </label>
        <label>
          Decision
          <select {...register('decision')}>
            {reviewDecisions.map((d) => (
              <option key={d} value={d}>
                {reviewDecisionLabels[d]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label>
        Review notes
        <textarea rows={2} {...register('notes')} />
      </label>
      <button type="submit">Save review</button>
      <FormErrors errors={formState.errors} />
    </form>
  );
}
