// A guided interview, one question at a time: the pupil's own words, staff comment, then what the kind needs to finish.
import { useEffect, useState } from 'react';
import { useForm, type UseFormRegister } from 'react-hook-form';
import { useLiveQuery } from 'dexie-react-hooks';
import type * as Y from 'yjs';
import { useCommand, useDoc } from '../../app/hooks';
import { useServices } from '../../app/services';
import { pupilHref } from '../../app/route';
import type { SchoolRow } from '../../db/database';
import { pupilDocName } from '../../docs/names';
import { discardDraftInterview, finishInterview, saveInterview } from '../../docs/pupilDoc';
import { interviewKindLabels, type InterviewFields, type InterviewRow } from '../../domain/interview';
import { formatStamp } from '../../domain/time';
import { asksAboutWorries } from '../../domain/disclosure';
import { DisclosurePrompt } from '../../components/DisclosurePrompt';

interface InterviewForm {
  answers: Record<string, string>;
  staffComments: Record<string, string>;
  fields: InterviewFields;
}

export function InterviewScreen({ school, pupilId, interviewId }: { school: SchoolRow; pupilId: string; interviewId: string }) {
  const { db } = useServices();
  const doc = useDoc(pupilDocName(pupilId));
  // Read once when the screen opens: afterwards the form holds what is being typed, and the document follows it.
  const [initial, setInitial] = useState<InterviewRow | null | undefined>(undefined);
  const live = useLiveQuery(() => db.interviews.get(interviewId), [db, interviewId]);
  useEffect(() => {
    if (initial === undefined && live !== undefined) setInitial(live ?? null);
  }, [live, initial]);
  if (initial === undefined || !doc) return <p aria-busy="true">Opening the interview…</p>;
  if (initial === null) return <p>This interview is not on this device.</p>;
  return <InterviewSteps doc={doc} school={school} interview={initial} current={live ?? initial} />;
}

function InterviewSteps({ doc, school, interview, current }: { doc: Y.Doc; school: SchoolRow; interview: InterviewRow; current: InterviewRow }) {
  const run = useCommand();
  const [step, setStep] = useState(0);
  const [discarding, setDiscarding] = useState(false);
  const { register, watch, getValues } = useForm<InterviewForm>({
    defaultValues: { answers: interview.answers, staffComments: interview.staffComments, fields: interview.fields },
  });
  // Every change goes into the document as it is typed (one small update a keystroke), so a tablet that
  // sleeps or a tab that closes mid-sentence loses nothing.
  useEffect(() => {
    const sub = watch((values) => void run((a) => saveInterview(doc, interview.id, values as InterviewForm, a)));
    return () => sub.unsubscribe();
  }, [watch, run, doc, interview.id]);
  const typed = watch();
  const saved =
    Object.entries(typed.answers ?? {}).every(([k, v]) => (current.answers[k] ?? '') === (v ?? '')) &&
    Object.entries(typed.staffComments ?? {}).every(([k, v]) => (current.staffComments[k] ?? '') === (v ?? ''));

  const questions = interview.questions;
  const last = questions.length;
  const staff = (id: string | null) => school.staff.find((s) => s.id === id)?.name ?? 'unknown';
  const go = setStep;
  const q = questions[step];

  return (
    <section className="interview" aria-labelledby="interview-title">
      <p>
        <a href={pupilHref(interview.pupilId)}>Back to the pupil’s record</a>
      </p>
      <h1 id="interview-title">{interviewKindLabels[interview.kind]}</h1>
      <p className="muted" role="status">
        {current.status === 'complete'
          ? `Finished by ${staff(current.completedBy)} on ${formatStamp(current.completedAt!)}`
          : saved
            ? 'Draft — saved on this device'
            : 'Draft — saving…'}
        {current.amendments.length > 0 &&
          `. Amended ${current.amendments.length} time${current.amendments.length > 1 ? 's' : ''}, last by ${staff(current.amendments.at(-1)!.by)} on ${formatStamp(current.amendments.at(-1)!.at)}`}
      </p>
      <p aria-live="polite">{q ? `Question ${step + 1} of ${last}` : 'Finishing'}</p>
      {q ? (
        <div className="stack" key={q.id}>
          <label>
            <span className="question">{q.prompt}</span>
            <span className="muted">The pupil’s own words</span>
            <textarea rows={5} {...register(`answers.${q.id}`)} />
          </label>
          <DisclosurePrompt show={asksAboutWorries(q.prompt)} />
          <label>
            Staff comment
            <textarea rows={2} {...register(`staffComments.${q.id}`)} />
          </label>
        </div>
      ) : (
        <FinishFields kind={interview.kind} register={register} />
      )}
      <div className="row wrap">
        <button type="button" disabled={step === 0} onClick={() => go(step - 1)}>
          Previous
        </button>
        {step < last ? (
          <button type="button" className="primary" onClick={() => go(step + 1)}>
            Next
          </button>
        ) : current.status === 'draft' ? (
          <button
            type="button"
            className="primary"
            onClick={() => {
              run((a) => {
                saveInterview(doc, interview.id, getValues(), a);
                finishInterview(doc, interview.id, a);
              });
            }}
          >
            Finish interview
          </button>
        ) : null}
      </div>
      {current.status === 'draft' &&
        (discarding ? (
          <div className="row wrap notice" role="group" aria-label="Discard this draft?">
            <span>Discard this draft? What was typed is removed from the pupil’s record.</span>
            <button
              type="button"
              className="danger"
              onClick={() => {
                if (run(() => discardDraftInterview(doc, interview.id)).ok) window.location.hash = pupilHref(interview.pupilId);
              }}
            >
              Discard the draft now
            </button>
            <button type="button" onClick={() => setDiscarding(false)}>
              Keep the draft
            </button>
          </div>
        ) : (
          <button type="button" className="quiet" onClick={() => setDiscarding(true)}>
            Discard this draft…
          </button>
        ))}
    </section>
  );
}

function FinishFields({ kind, register }: { kind: InterviewRow['kind']; register: UseFormRegister<InterviewForm> }) {
  if (kind === 'entry') {
    return (
      <div className="stack">
        <label>
          Reason for the placement
          <textarea rows={2} {...register('fields.reason')} />
        </label>
        <label className="check">
          <input type="checkbox" {...register('fields.expectationsAgreed')} />
          The room’s expectations were explained and agreed
        </label>
        <label>
          Needs check (strategies from the pupil passport, medical, anything worrying)
          <textarea rows={2} {...register('fields.needsCheck')} />
        </label>
        <DisclosurePrompt />
      </div>
    );
  }
  if (kind === 'exit') {
    return (
      <div className="stack">
        <label>
          Targets for going back to lessons
          <textarea rows={2} {...register('fields.targets')} />
        </label>
        <label>
          Who to restore with (teacher, peer)
          <input type="text" {...register('fields.restoreWith')} />
        </label>
        <label className="check">
          <input type="checkbox" {...register('fields.agreedByPupil')} />
          Agreed by the pupil
        </label>
        <label>
          Next review date
          <input type="date" {...register('fields.nextReviewDate')} />
        </label>
      </div>
    );
  }
  return <p>That is the last question. Finish the interview when the pupil has had their say.</p>;
}
