// Settings → Retention: how long the school keeps registers and leavers' records (sources in domain/retention.ts).
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import { useCommand, useSchoolDoc } from '../../app/hooks';
import { FormErrors } from '../../components/FormErrors';
import { saveRetention } from '../../docs/schoolDoc';
import { MAX_KEEP_YEARS, REGISTER_MIN_YEARS, retentionSchema, type RetentionSettings } from '../../domain/retention';

type RetentionInput = z.input<typeof retentionSchema>;

export function RetentionForm({ retention }: { retention: RetentionSettings }) {
  const doc = useSchoolDoc();
  const run = useCommand();
  const { register, handleSubmit, formState } = useForm<RetentionInput, unknown, RetentionSettings>({
    resolver: zodResolver(retentionSchema),
    values: retention,
  });
  return (
    // noValidate: the schema says why (with the regulation), not the browser's generic bubble.
    <form className="row wrap" aria-label="Retention" noValidate onSubmit={handleSubmit((v) => doc && run((a) => saveRetention(doc, v, a)))}>
      <p className="muted">
        Attendance registers must be kept at least {REGISTER_MIN_YEARS} years from the day of each entry (School Attendance (Pupil
        Registration) (England) Regulations 2024, regulation 7). How long a leaver’s behaviour and support records are kept is the
        school’s choice in its retention schedule (see the IRMS Information Management Toolkit for Schools). When a period ends, the
        record appears on the Coordinator screen to be erased: nothing is erased without the coordinator’s confirmation.
      </p>
      <label>
        Keep registers (room and off-site days) for (years)
        <input type="number" min={REGISTER_MIN_YEARS} max={MAX_KEEP_YEARS} {...register('registerYears')} aria-invalid={formState.errors.registerYears ? true : undefined} />
      </label>
      <label>
        Keep a leaver’s records for (years after leaving)
        <input type="number" min={1} max={MAX_KEEP_YEARS} {...register('leaverYears')} aria-invalid={formState.errors.leaverYears ? true : undefined} />
      </label>
      <button type="submit" disabled={!doc}>
        Save retention
      </button>
      <FormErrors errors={formState.errors} />
    </form>
  );
}
