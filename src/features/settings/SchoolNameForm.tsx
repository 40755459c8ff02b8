// The school's name, validated by the settings schema.
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useCommand, useSchoolDoc } from '../../app/hooks';
import { saveSchoolSettings } from '../../docs/schoolDoc';
import { schoolSettingsSchema, type SchoolSettings } from '../../domain/school';

export function SchoolNameForm({ name }: { name: string }) {
  const doc = useSchoolDoc();
  const run = useCommand();
  const { register, handleSubmit, formState } = useForm<SchoolSettings>({
    resolver: zodResolver(schoolSettingsSchema),
    values: { name },
  });
  const error = formState.errors.name?.message;
  return (
    <form
      className="row wrap"
      aria-label="School"
      onSubmit={handleSubmit((values) => doc && run((a) => saveSchoolSettings(doc, values, a)))}
    >
      <label className="grow">
        School name
        <input type="text" {...register('name')} aria-invalid={error ? true : undefined} />
      </label>
      <button type="submit" disabled={!doc}>
        Save name
      </button>
      {error && <p className="field-error" role="alert">{error}</p>}
    </form>
  );
}
