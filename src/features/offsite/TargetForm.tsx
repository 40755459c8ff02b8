// Adds a target to a pupil's IBEC plan, agreed with the provider; it is then rated at each visit.
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type * as Y from 'yjs';
import type { z } from 'zod';
import { FormErrors } from '../../components/FormErrors';
import { useCommand } from '../../app/hooks';
import { addTarget } from '../../docs/providerDayDoc';
import { targetInputSchema } from '../../domain/ibecPlan';

const formSchema = targetInputSchema.omit({ pupilId: true });
type TargetForm = z.input<typeof formSchema>;

export function TargetForm({ doc, pupilId, pupilName }: { doc: Y.Doc | (() => Promise<Y.Doc>); pupilId: string; pupilName: string }) {
  const run = useCommand();
  const { register, handleSubmit, reset, formState } = useForm<TargetForm>({ resolver: zodResolver(formSchema), defaultValues: { text: '', agreedWith: '' } });
  return (
    <form
      className="stack"
      aria-label={`Add a target to ${pupilName}’s plan`}
      onSubmit={handleSubmit(async (v) => {
        const open = typeof doc === 'function' ? await doc() : doc;
        if (run((a) => addTarget(open, { pupilId, ...v }, a)).ok) reset();
      })}
    >
      <label>
        New target
        <input type="text" {...register('text')} placeholder="e.g. Stay on task for 20 minutes" />
      </label>
      <label>
        Agreed with
        <input type="text" {...register('agreedWith')} placeholder="Provider’s staff member" />
      </label>
      <FormErrors errors={formState.errors} />
      <button type="submit">Add target</button>
    </form>
  );
}
