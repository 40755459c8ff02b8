// A pupil's check-in at the provider: here or not each session (the code follows from the arrangement), times, follow-up, welfare.
import { useEffect } from 'react';
import { FormErrors } from '../../components/FormErrors';
import { useForm } from 'react-hook-form';
import { TimeInput } from '../../components/TimeInput';
import { zodResolver } from '@hookform/resolvers/zod';
import type * as Y from 'yjs';
import { z } from 'zod';
import { useCommand } from '../../app/hooks';
import { saveCheckIn } from '../../docs/providerDayDoc';
import type { ProviderArrangement } from '../../domain/attendanceCodes';
import {
  checkInProblems,
  codeForMark,
  codeLabel,
  OFFSITE_CONCERN_PROMPT,
  sessionAttendance,
  sessionLabels,
  sessions,
  type Session,
  type SessionAttendance,
  welfareMoodLabels,
  welfareMoods,
  type CheckInRow,
  type WelfareMood,
} from '../../domain/offsite';
import { formatStamp, toClockTime } from '../../domain/time';
import { DisclosurePrompt } from '../../components/DisclosurePrompt';

const formSchema = z
  .object({
    am: z.string(),
    pm: z.string(),
    arrivedAt: z.string(),
    leftAt: z.string(),
    followUp: z.string().max(500, 'Keep the follow-up under 500 characters'),
    mood: z.string(),
    welfareNote: z.string().max(300, 'Keep the welfare note short'),
    // Optional: the box is disabled (and so sends nothing) once the concern is logged on CPOMS.
    concern: z.boolean().optional(),
  })
  .superRefine((v, ctx) => {
    for (const p of checkInProblems({ ...v, am: markOf(v.am), pm: markOf(v.pm) })) ctx.addIssue({ code: 'custom', path: [p.path], message: p.message });
  });
type CheckInForm = z.infer<typeof formSchema>;

const markOf = (v: string): SessionAttendance | null => (sessionAttendance.includes(v as SessionAttendance) ? (v as SessionAttendance) : null);

const valuesOf = (row: CheckInRow | undefined): CheckInForm => ({
  am: row?.sessions.am.attendance ?? '',
  pm: row?.sessions.pm.attendance ?? '',
  arrivedAt: row?.arrivedAt ?? '',
  leftAt: row?.leftAt ?? '',
  followUp: row?.followUp ?? '',
  mood: row?.mood ?? '',
  welfareNote: row?.welfareNote ?? '',
  concern: row?.concern ?? false,
});

function sessionNote(row: CheckInRow | undefined, session: Session, mark: SessionAttendance | null, arrangement: ProviderArrangement): string {
  const saved = row?.sessions[session];
  if (saved?.code && saved.attendance === mark) return codeLabel(saved.code);
  const code = codeForMark(mark, arrangement);
  if (code) return codeLabel(code);
  if (mark === 'not-present') return 'Not present: the attendance officer decides the code';
  return 'Not recorded yet';
}

export function CheckInForm({ doc, pupilId, pupilName, row, arrangement, providerName }: {
  doc: Y.Doc;
  pupilId: string;
  pupilName: string;
  row?: CheckInRow;
  arrangement: ProviderArrangement;
  providerName: string;
}) {
  const run = useCommand();
  const { register, handleSubmit, reset, formState, watch, setValue, getValues } = useForm<CheckInForm>({
    resolver: zodResolver(formSchema),
    defaultValues: valuesOf(row),
  });
  // Edits arriving from another phone show here unless this form holds unsaved changes.
  useEffect(() => {
    if (!formState.isDirty) reset(valuesOf(row));
  }, [row?.updatedAt]);
  const marks = { am: markOf(watch('am')), pm: markOf(watch('pm')) };
  const concern = watch('concern');
  const absent = marks.am === 'not-present' || marks.pm === 'not-present';
  const logged = !!row?.concernLoggedAt;
  const onSubmit = (v: CheckInForm) => {
    const saved = run((a) =>
      saveCheckIn(doc, { pupilId, ...v, concern: logged || !!v.concern, am: markOf(v.am), pm: markOf(v.pm), mood: (v.mood || null) as WelfareMood | null }, arrangement, a),
    );
    if (saved.ok) reset(v);
  };
  return (
    <form className="checkin-form" aria-label={`Check-in for ${pupilName}`} onSubmit={handleSubmit(onSubmit)}>
      {sessions.map((session) => (
        <fieldset key={session} className="code-choices">
          <legend>{sessionLabels[session]}</legend>
          {sessionAttendance.map((mark) => (
            <label key={mark} className={`code-choice counts-${mark}`}>
              <input
                type="radio"
                value={mark}
                {...register(session, {
                  onChange: () => {
                    if (mark === 'present' && !getValues('arrivedAt')) setValue('arrivedAt', toClockTime(new Date()), { shouldDirty: true });
                  },
                })}
              />
              {mark === 'present' ? `Here at ${providerName}` : 'Not here'}
            </label>
          ))}
          <p className="code-meaning" aria-live="polite">
            {sessionNote(row, session, marks[session], arrangement)}
          </p>
        </fieldset>
      ))}
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
      <DisclosurePrompt show={!!watch('welfareNote')?.trim()} />
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
