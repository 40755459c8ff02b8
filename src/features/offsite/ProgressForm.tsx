// Progress against the pupil's IBEC plan: a target and how they did today, rated 1–4.
import { FormErrors } from '../../components/FormErrors';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type * as Y from 'yjs';
import { z } from 'zod';
import { useCommand } from '../../app/hooks';
import { addProgress } from '../../docs/providerDayDoc';
import { GradeOptions } from '../../components/GradeOptions';

const formSchema = z.object({
  target: z.string().trim().min(1, 'Write the IBEC target').max(200),
  rating: z.string().min(1, 'Choose a rating'),
  note: z.string().max(500),
});
type ProgressForm = z.infer<typeof formSchema>;

export function ProgressForm({ doc, pupilId, pupilName, targets }: { doc: Y.Doc; pupilId: string; pupilName: string; targets: string[] }) {
  const run = useCommand();
  const { register, handleSubmit, reset, formState } = useForm<ProgressForm>({
    resolver: zodResolver(formSchema),
    defaultValues: { target: '', rating: '', note: '' },
  });
  const listId = `targets-${pupilId}`;
  return (
    <form
      className="stack"
      aria-label={`Progress for ${pupilName}`}
      onSubmit={handleSubmit((v) => {
        if (run((a) => addProgress(doc, { pupilId, target: v.target, rating: Number(v.rating), note: v.note }, a)).ok) reset();
      })}
    >
      <label>
        IBEC target
        <input type="text" list={listId} {...register('target')} placeholder="e.g. Stay on task for 20 minutes" />
      </label>
      <datalist id={listId}>
        {targets.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
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
