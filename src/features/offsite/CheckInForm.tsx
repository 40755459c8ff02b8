// A pupil's check-in at the provider: DfE attendance code, arrival and departure, follow-up, and the welfare check.
import { useEffect } from 'react';
import { FormErrors } from '../../components/FormErrors';
import { useForm } from 'react-hook-form';
import { TimeInput } from '../../components/TimeInput';
import { zodResolver } from '@hookform/resolvers/zod';
import type * as Y from 'yjs';
import { z } from 'zod';
import { useCommand } from '../../app/hooks';
import { saveCheckIn } from '../../docs/providerDayDoc';
import {
  attendanceCodeList,
  attendanceCodes,
  checkInProblems,
  codeLabel,
  isAbsenceCode,
  isAttendanceCode,
  OFFSITE_CONCERN_PROMPT,
  welfareMoodLabels,
  welfareMoods,
  type CheckInRow,
  type WelfareMood,
} from '../../domain/offsite';
import { formatStamp, toClockTime } from '../../domain/time';

const formSchema = z
  .object({
    code: z.string(),
    arrivedAt: z.string(),
    leftAt: z.string(),
    followUp: z.string().max(500, 'Keep the follow-up under 500 characters'),
    mood: z.string(),
    welfareNote: z.string().max(300, 'Keep the welfare note short'),
    // Optional: the box is disabled (and so sends nothing) once the concern is logged on CPOMS.
    concern: z.boolean().optional(),
  })
  .superRefine((v, ctx) => {
    const code = isAttendanceCode(v.code) ? v.code : null;
    for (const p of checkInProblems({ ...v, code })) ctx.addIssue({ code: 'custom', path: [p.path], message: p.message });
  });
type CheckInForm = z.infer<typeof formSchema>;

const valuesOf = (row: CheckInRow | undefined): CheckInForm => ({
  code: row?.code ?? '',
  arrivedAt: row?.arrivedAt ?? '',
  leftAt: row?.leftAt ?? '',
  followUp: row?.followUp ?? '',
  mood: row?.mood ?? '',
  welfareNote: row?.welfareNote ?? '',
  concern: row?.concern ?? false,
});

export function CheckInForm({ doc, pupilId, pupilName, row }: { doc: Y.Doc; pupilId: string; pupilName: string; row?: CheckInRow }) {
  const run = useCommand();
  const { register, handleSubmit, reset, formState, watch, setValue, getValues } = useForm<CheckInForm>({
    resolver: zodResolver(formSchema),
    defaultValues: valuesOf(row),
  });
  // Edits arriving from another phone show here unless this form holds unsaved changes.
  useEffect(() => {
    if (!formState.isDirty) reset(valuesOf(row));
  }, [row?.updatedAt]);
  const code = watch('code');
  const concern = watch('concern');
  const absent = isAttendanceCode(code) && isAbsenceCode(code);
  const logged = !!row?.concernLoggedAt;
  const onSubmit = (v: CheckInForm) => {
    const saved = run((a) =>
      saveCheckIn(doc, { pupilId, ...v, concern: logged || !!v.concern, code: isAttendanceCode(v.code) ? v.code : null, mood: (v.mood || null) as WelfareMood | null }, a),
    );
    if (saved.ok) reset(v);
  };
  return (
    <form className="checkin-form" aria-label={`Check-in for ${pupilName}`} onSubmit={handleSubmit(onSubmit)}>
      <fieldset className="code-choices">
        <legend>Attendance code</legend>
        {attendanceCodeList.map((c) => (
          <label key={c} className={`code-choice counts-${attendanceCodes[c].counts}`} title={attendanceCodes[c].meaning}>
            <input
              type="radio"
              value={c}
              aria-label={codeLabel(c)}
              {...register('code', {
                onChange: () => {
                  if (!isAbsenceCode(c) && !getValues('arrivedAt')) setValue('arrivedAt', toClockTime(new Date()), { shouldDirty: true });
                },
              })}
            />
            <span aria-hidden="true">{c}</span>
          </label>
        ))}
      </fieldset>
      <p className="code-meaning" aria-live="polite">
        {isAttendanceCode(code) ? codeLabel(code) : 'No code yet'}
      </p>
      <div className="row">
        <label>
          Arrived
          <TimeInput {...register('arrivedAt')} />
        </label>
        <label>
          Left
          <TimeInput {...register('leftAt')} aria-invalid={formState.errors.leftAt ? true : undefined} />
        </label>
      </div>
      {absent && (
        <label>
          Follow-up
          <textarea rows={2} {...register('followUp')} aria-invalid={formState.errors.followUp ? true : undefined} />
        </label>
      )}
      <label>
        How did they seem?
        <select {...register('mood')}>
          <option value="">Not checked yet</option>
          {welfareMoods.map((m) => (
            <option key={m} value={m}>
              {welfareMoodLabels[m]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Welfare note
        <input type="text" {...register('welfareNote')} placeholder="e.g. ate lunch, talked about the weekend" />
      </label>
      <label className="check">
        <input type="checkbox" {...register('concern')} disabled={logged} /> Safeguarding concern
      </label>
      {concern && !logged && <p className="banner error">{OFFSITE_CONCERN_PROMPT}</p>}
      {logged && <p className="muted">Concern logged on CPOMS ({formatStamp(row!.concernLoggedAt!)}).</p>}
      <FormErrors errors={formState.errors} />
      <button type="submit" className="primary">
        Save check-in
      </button>
      {row?.updatedAt && <p className="stamp muted">Last saved {formatStamp(row.updatedAt)}</p>}
    </form>
  );
}
