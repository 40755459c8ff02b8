// What was decided about an incident logged before the decision was known: added on the phone or by the coordinator.
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type * as Y from 'yjs';
import type { z } from 'zod';
import { FormErrors } from '../../components/FormErrors';
import { useCommand } from '../../app/hooks';
import { decideIncident } from '../../docs/providerDayDoc';
import { incidentDecisionSchema } from '../../domain/offsite';

const formSchema = incidentDecisionSchema.omit({ incidentId: true });
type DecisionForm = z.input<typeof formSchema>;

/** `doc` may be a way to open the provider-day, for lists that span many days (the coordinator's). */
export function IncidentDecisionForm({ doc, incidentId, label }: { doc: Y.Doc | (() => Promise<Y.Doc>); incidentId: string; label: string }) {
  const run = useCommand();
  const { register, handleSubmit, reset, formState } = useForm<DecisionForm>({ resolver: zodResolver(formSchema), defaultValues: { decided: '' } });
  return (
    <form
      className="row wrap decision-form"
      aria-label={label}
      onSubmit={handleSubmit(async ({ decided }) => {
        const open = typeof doc === 'function' ? await doc() : doc;
        if (run((a) => decideIncident(open, { incidentId, decided }, a)).ok) reset();
      })}
    >
      <label className="grow">
        What was decided
        <input type="text" {...register('decided')} placeholder="With the coordinator or SLT" />
      </label>
      <button type="submit">Save decision</button>
      <FormErrors errors={formState.errors} />
    </form>
  );
}
