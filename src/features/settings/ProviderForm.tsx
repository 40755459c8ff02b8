// Add or edit an alternative provider: contact details, when it received the school's safeguarding policy, and its confirmation of staff checks.
import { FormErrors } from '../../components/FormErrors';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import { useCommand, useSchoolDoc } from '../../app/hooks';
import { saveProvider } from '../../docs/schoolProviders';
import { providerSchema, type Provider } from '../../domain/provider';
import { slugId } from '../../domain/slug';
import { arrangementLabels, providerArrangements } from '../../domain/attendanceCodes';

const formSchema = providerSchema.omit({ id: true });
type ProviderForm = z.input<typeof formSchema>;
const blank: ProviderForm = {
  name: '', contactName: '', phone: '', email: '', note: '', policyReceivedOn: '', arrangement: 'school',
  staffChecksConfirmedBy: '', staffChecksConfirmedOn: '', staffChecksRenewBy: '',
};

export function ProviderForm({ provider, takenIds, onDone }: { provider: Provider | null; takenIds: string[]; onDone(id: string): void }) {
  const doc = useSchoolDoc();
  const run = useCommand();
  const { register, handleSubmit, reset, formState } = useForm<ProviderForm>({
    resolver: zodResolver(formSchema),
    defaultValues: provider ?? blank,
  });
  return (
    <form
      className="stack provider-form"
      aria-label={provider ? `Edit ${provider.name}` : 'Add a provider'}
      onSubmit={handleSubmit((v) => {
        if (!doc) return;
        // Readable ids: they name the provider's documents and the off-site phones' sync scope.
        const id = provider?.id ?? slugId(v.name, takenIds);
        if (!run((a) => saveProvider(doc, { id, ...v }, a)).ok) return;
        if (!provider) reset(blank);
        onDone(id);
      })}
    >
      <label>
        Provider name
        <input type="text" {...register('name')} />
      </label>
      <label>
        Contact person
        <input type="text" {...register('contactName')} />
      </label>
      <div className="row wrap">
        <label>
          Phone
          <input type="tel" {...register('phone')} />
        </label>
        <label className="grow">
          Email
          <input type="email" {...register('email')} />
        </label>
      </div>
      <label>
        Address or note
        <input type="text" {...register('note')} />
      </label>
      <label>
        Safeguarding policy received on
        <input type="date" {...register('policyReceivedOn')} />
      </label>
      <fieldset className="row wrap staff-checks">
        <legend>Written confirmation of staff checks</legend>
        <label className="grow">
          Confirmed by
          <input type="text" {...register('staffChecksConfirmedBy')} placeholder="e.g. J. Reid, manager" />
        </label>
        <label>
          Letter dated
          <input type="date" {...register('staffChecksConfirmedOn')} />
        </label>
        <label>
          Renew by
          <input type="date" {...register('staffChecksRenewBy')} />
        </label>
      </fieldset>
      <label>
        Who arranged the placement
        <select {...register('arrangement')}>
          {providerArrangements.map((a) => (
            <option key={a} value={a}>
              {arrangementLabels[a]}
            </option>
          ))}
        </select>
      </label>
      <FormErrors errors={formState.errors} />
      <button type="submit">{provider ? 'Save provider' : 'Add provider'}</button>
    </form>
  );
}
