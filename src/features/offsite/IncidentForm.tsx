// An incident the provider reports: what happened, when, who told us; saved at once, with the decision now or later.
import { FormErrors } from '../../components/FormErrors';
import { useForm } from 'react-hook-form';
import { TimeInput } from '../../components/TimeInput';
import { zodResolver } from '@hookform/resolvers/zod';
import type * as Y from 'yjs';
import type { z } from 'zod';
import { useCommand } from '../../app/hooks';
import { addIncident } from '../../docs/providerDayDoc';
import { incidentInputSchema } from '../../domain/offsite';
import { toClockTime } from '../../domain/time';
import { DisclosurePrompt } from '../../components/DisclosurePrompt';

const formSchema = incidentInputSchema.omit({ pupilId: true });
type IncidentForm = z.input<typeof formSchema>;

export function IncidentForm({ doc, pupilId, pupilName }: { doc: Y.Doc; pupilId: string; pupilName: string }) {
  const run = useCommand();
  const blank = () => ({ at: toClockTime(new Date()), reportedBy: '', what: '', decided: '' });
  const { register, handleSubmit, reset, formState, watch } = useForm<IncidentForm>({ resolver: zodResolver(formSchema), defaultValues: blank() });
  return (
    <form
      className="stack"
      aria-label={`Incident for ${pupilName}`}
      onSubmit={handleSubmit((v) => {
        if (run((a) => addIncident(doc, { pupilId, ...v }, a)).ok) reset(blank());
      })}
    >
      <div className="row wrap">
        <label>
          Time
          <TimeInput {...register('at')} />
        </label>
        <label className="grow">
          Reported by
          <input type="text" {...register('reportedBy')} placeholder="Provider’s staff member" />
        </label>
      </div>
      <label>
        What happened
        <textarea rows={2} {...register('what')} />
      </label>
      <DisclosurePrompt show={!!watch('what')?.trim()} />
      <label>
        What was decided (if known yet)
        <textarea rows={2} {...register('decided')} placeholder="Leave blank and add it once you have spoken to the coordinator" />
      </label>
      <FormErrors errors={formState.errors} />
      <button type="submit">Add incident</button>
    </form>
  );
}
