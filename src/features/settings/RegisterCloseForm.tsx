// Settings → School day: how long after registration starts the school's registers close (late before it, not after).
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import { useCommand, useSchoolDoc } from '../../app/hooks';
import { setRegisterOpenMinutes } from '../../docs/schoolDoc';
import { registerOpenSchema } from '../../domain/school';

type RegisterOpenInput = z.input<typeof registerOpenSchema>;

export function RegisterCloseForm({ minutes }: { minutes: number }) {
  const doc = useSchoolDoc();
  const run = useCommand();
  const { register, handleSubmit, formState } = useForm<RegisterOpenInput, unknown, z.output<typeof registerOpenSchema>>({
    resolver: zodResolver(registerOpenSchema),
    values: { minutes },
  });
  const error = formState.errors.minutes?.message;
  return (
    // noValidate: the schema's message, not the browser's bubble.
    <form className="row wrap" aria-label="Register closing time" noValidate onSubmit={handleSubmit((v) => doc && run((a) => setRegisterOpenMinutes(doc, v.minutes, a)))}>
      <p className="muted">
        As the school’s attendance policy says. A pupil marked late who reaches the room before the register closes goes to the MIS
        as L (late, present); one who comes after it gets no mark from Baseroom, and the school register decides.
      </p>
      <label>
        Registers close this many minutes after the morning and afternoon registration starts
        <input type="number" min={5} max={120} {...register('minutes')} aria-invalid={error ? true : undefined} />
      </label>
      <button type="submit" disabled={!doc}>
        Save register closing time
      </button>
      {error && <p className="field-error" role="alert">{error}</p>}
    </form>
  );
}
