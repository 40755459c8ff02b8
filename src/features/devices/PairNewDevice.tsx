// Pairing a new device from the coordinator's screen: its role, its room or providers from the school's own lists, and a name.
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { useServices } from '../../app/services';
import { FormErrors } from '../../components/FormErrors';
import type { SchoolRow } from '../../db/database';
import type { EnrolRequest, Enrolled } from '../../sync/relayApi';
import { relayProblem } from './deviceWords';

const formSchema = z
  .object({
    role: z.enum(['supervisor', 'offsite', 'coordinator']),
    room: z.string(),
    providers: z.array(z.string()),
    name: z.string().trim().max(80, 'Keep the name under 80 characters'),
  })
  .superRefine((v, ctx) => {
    if (v.role === 'supervisor' && !v.room) ctx.addIssue({ code: 'custom', path: ['room'], message: 'Choose the room this tablet is for' });
    if (v.role === 'offsite' && v.providers.length === 0) ctx.addIssue({ code: 'custom', path: ['providers'], message: 'Choose at least one provider' });
  });
type FormValues = z.infer<typeof formSchema>;

function toRequest(v: FormValues): EnrolRequest {
  const name = v.name || undefined;
  if (v.role === 'supervisor') return { role: 'supervisor', room: v.room, name };
  if (v.role === 'offsite') return { role: 'offsite', providers: v.providers, name };
  return { role: 'coordinator', name };
}

export function PairNewDevice({ school, onEnrolled, onProblem }: { school: SchoolRow; onEnrolled(e: Enrolled): void; onProblem(p: string | null): void }) {
  const { sync } = useServices();
  const providers = school.providers ?? [];
  const { register, handleSubmit, watch, reset, formState } = useForm<FormValues>({
    resolver: zodResolver(formSchema),
    defaultValues: { role: 'supervisor', room: school.rooms[0]?.id ?? '', providers: [], name: '' },
  });
  const role = watch('role');
  const submit = handleSubmit(async (values) => {
    onProblem(null);
    try {
      onEnrolled(await sync.enrolDevice(toRequest(values)));
      reset({ ...values, name: '' });
    } catch (err) {
      onProblem(relayProblem(err));
    }
  });
  return (
    <form className="stack" aria-label="Pair a new device" onSubmit={submit}>
      <label>
        The new device is
        <select {...register('role')}>
          <option value="supervisor">A room’s tablet</option>
          <option value="offsite">An off-site assistant’s phone</option>
          <option value="coordinator">A coordinator’s laptop or tablet</option>
        </select>
      </label>
      {role === 'supervisor' && (
        <label>
          Room for this tablet
          <select {...register('room')}>
            {school.rooms.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name} ({r.id})
              </option>
            ))}
          </select>
        </label>
      )}
      {role === 'offsite' && (
        <fieldset>
          <legend>Providers this phone visits</legend>
          {providers.length === 0 && <p className="muted">Add the school’s providers in Settings first.</p>}
          {providers.map((p) => (
            <label key={p.id} className="check">
              <input type="checkbox" value={p.id} {...register('providers')} />
              {p.name} ({p.id})
            </label>
          ))}
        </fieldset>
      )}
      <label>
        Name (so you can tell it apart)
        <input type="text" placeholder="For example: BASE tablet 2" {...register('name')} />
      </label>
      <FormErrors errors={formState.errors} />
      <button type="submit" className="primary" disabled={formState.isSubmitting}>
        Make a pairing code
      </button>
    </form>
  );
}
