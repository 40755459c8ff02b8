// Progress against the pupil's IBEC plan at this visit: one of the plan's targets, rated 1–4, with a note.
import { FormErrors } from '../../components/FormErrors';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type * as Y from 'yjs';
import { z } from 'zod';
import { useCommand } from '../../app/hooks';
import { addProgress } from '../../docs/providerDayDoc';
import { GradeOptions } from '../../components/GradeOptions';
import type { TargetRow } from '../../domain/ibecPlan';

const formSchema = z.object({
  targetId: z.string().min(1, 'Choose the target'),
  rating: z.string().min(1, 'Choose a rating'),
  note: z.string().max(500),
});
type ProgressForm = z.infer<typeof formSchema>;

export function ProgressForm({ doc, pupilId, pupilName, targets }: { doc: Y.Doc; pupilId: string; pupilName: string; targets: TargetRow[] }) {
  const run = useCommand();
  const { register, handleSubmit, reset, formState } = useForm<ProgressForm>({
    resolver: zodResolver(formSchema),
    defaultValues: { targetId: targets.length === 1 ? targets[0]!.id : '', rating: '', note: '' },
  });
  if (targets.length === 0) return <p className="muted">No targets on the plan yet: add one below.</p>;
  return (
    <form
      className="stack"
      aria-label={`Progress for ${pupilName}`}
      onSubmit={handleSubmit((v) => {
        const target = targets.find((t) => t.id === v.targetId);
        if (!target) return;
        if (run((a) => addProgress(doc, { pupilId, targetId: target.id, target: target.text, rating: Number(v.rating), note: v.note }, a)).ok) {
          reset({ targetId: v.targetId, rating: '', note: '' });
        }
      })}
    >
      <label>
        IBEC target
        <select {...register('targetId')}>
          <option value="">Choose a target</option>
          {targets.map((t) => (
            <option key={t.id} value={t.id}>
              {t.text}
            </option>
          ))}
        </select>
      </label>
      <label>
        Rating
        <select {...register('rating')}>
          <GradeOptions blank />
        </select>
      </label>
      <label>
        Progress note
        <input type="text" {...register('note')} />
      </label>
      <FormErrors errors={formState.errors} />
      <button type="submit">Add progress</button>
    </form>
  );
}
