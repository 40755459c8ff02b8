// A quick behaviour note (praise, concern, incident) or a safeguarding flag, with its period.
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type * as Y from 'yjs';
import { z } from 'zod';
import { useCommand } from '../../app/hooks';
import { addBehaviourNote } from '../../docs/roomDayDoc';
import { noteKindLabels, noteKinds, noteTextProblem, SAFEGUARDING_PROMPT } from '../../domain/behaviourNote';
import type { Period } from '../../domain/school';
import { DisclosurePrompt } from '../../components/DisclosurePrompt';

const noteFormSchema = z
  .object({
    kind: z.enum(noteKinds),
    periodId: z.string(),
    text: z.string().max(1000, 'Keep the note under 1,000 characters'),
  })
  .superRefine((v, ctx) => {
    const problem = noteTextProblem(v.kind, v.text);
    if (problem) ctx.addIssue({ code: 'custom', path: ['text'], message: problem });
  });
type NoteForm = z.infer<typeof noteFormSchema>;

export function NoteForm({ doc, pupilId, periods, currentPeriodId }: {
  doc: Y.Doc;
  pupilId: string;
  periods: Period[];
  currentPeriodId: string | null;
}) {
  const run = useCommand();
  const { register, handleSubmit, reset, formState, watch } = useForm<NoteForm>({
    resolver: zodResolver(noteFormSchema),
    defaultValues: { kind: 'praise', periodId: currentPeriodId ?? '', text: '' },
  });
  const flag = watch('kind') === 'safeguarding';
  // An incident or concern may carry a disclosure: prompt for CPOMS as soon as anything is written.
  const mayDisclose = (watch('kind') === 'incident' || watch('kind') === 'concern') && !!watch('text')?.trim();
  const onSubmit = (values: NoteForm) => {
    const saved = run((a) =>
      addBehaviourNote(doc, { pupilId, kind: values.kind, periodId: values.periodId || null, text: values.text }, a),
    );
    if (saved.ok) reset({ kind: values.kind === 'safeguarding' ? 'praise' : values.kind, periodId: values.periodId, text: '' });
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
      {flag ? (
        <p className="banner error">{SAFEGUARDING_PROMPT}</p>
      ) : (
        <label className="grow">
          Note
          <textarea rows={2} {...register('text')} aria-invalid={textError ? true : undefined} />
        </label>
      )}
      <DisclosurePrompt show={!flag && mayDisclose} />
      {textError && <p className="field-error" role="alert">{textError}</p>}
      <button type="submit">{flag ? 'Add safeguarding flag' : 'Add note'}</button>
    </form>
  );
}
