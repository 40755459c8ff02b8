// A quick behaviour note (praise, concern or incident) with its period, validated by the note's schema.
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type * as Y from 'yjs';
import { z } from 'zod';
import { useCommand } from '../../app/hooks';
import { addBehaviourNote } from '../../docs/roomDayDoc';
import { noteKindLabels, noteKinds } from '../../domain/behaviourNote';
import type { Period } from '../../domain/school';

const noteFormSchema = z.object({
  kind: z.enum(noteKinds),
  periodId: z.string(),
  text: z.string().trim().min(1, 'Write the note').max(1000, 'Keep the note under 1,000 characters'),
});
type NoteForm = z.infer<typeof noteFormSchema>;

export function NoteForm({ doc, pupilId, periods, currentPeriodId }: {
  doc: Y.Doc;
  pupilId: string;
  periods: Period[];
  currentPeriodId: string | null;
}) {
  const run = useCommand();
  const { register, handleSubmit, reset, formState } = useForm<NoteForm>({
    resolver: zodResolver(noteFormSchema),
    defaultValues: { kind: 'praise', periodId: currentPeriodId ?? '', text: '' },
  });
  const onSubmit = (values: NoteForm) => {
    const saved = run((a) =>
      addBehaviourNote(doc, { pupilId, kind: values.kind, periodId: values.periodId || null, text: values.text }, a),
    );
    if (saved.ok) reset({ kind: values.kind, periodId: values.periodId, text: '' });
  };
  const textError = formState.errors.text?.message;
  return (
    <form className="note-form" aria-label="Add a behaviour note" onSubmit={handleSubmit(onSubmit)}>
      <div className="row">
        <label>
          Note type
          <select {...register('kind')}>
            {noteKinds.map((k) => (
              <option key={k} value={k}>
                {noteKindLabels[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Period
          <select {...register('periodId')}>
            <option value="">Not in a period</option>
            {periods.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="grow">
        Note
        <textarea rows={2} {...register('text')} aria-invalid={textError ? true : undefined} />
      </label>
      {textError && <p className="field-error" role="alert">{textError}</p>}
      <button type="submit">Add note</button>
    </form>
  );
}
