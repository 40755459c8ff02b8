// Work set for the pupil: add what a teacher set, then record progress, effort and objectives met.
import { FormErrors } from '../../components/FormErrors';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type * as Y from 'yjs';
import { useCommand } from '../../app/hooks';
import { addWork, updateWork } from '../../docs/pupilDoc';
import { GradeOptions } from '../../components/GradeOptions';
import { workInputSchema, workStatuses, workStatusLabels, type WorkInput, type WorkRow, type WorkStatus } from '../../domain/work';

function WorkItem({ doc, work }: { doc: Y.Doc; work: WorkRow }) {
  const run = useCommand();
  return (
    <li className="work-item" aria-label={`${work.subject}: ${work.task}`}>
      <p>
        <strong>{work.subject}</strong> — {work.task} <span className="muted">(set by {work.setBy})</span>
      </p>
      <div className="row wrap">
        <label>
          Status
          <select value={work.status} onChange={(e) => run((a) => updateWork(doc, work.id, { status: e.target.value as WorkStatus }, a))}>
            {workStatuses.map((s) => (
              <option key={s} value={s}>
                {workStatusLabels[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Effort
          <select
            value={work.effort ?? ''}
            onChange={(e) => run((a) => updateWork(doc, work.id, { effort: e.target.value ? Number(e.target.value) : null }, a))}
          >
            <GradeOptions blank />
          </select>
        </label>
        <label className="grow">
          Objectives met
          <input
            type="text"
            defaultValue={work.objectivesMet}
            onBlur={(e) => run((a) => updateWork(doc, work.id, { objectivesMet: e.target.value }, a))}
          />
        </label>
      </div>
    </li>
  );
}

export function WorkPanel({ doc, pupilId, work }: { doc: Y.Doc; pupilId: string; work: WorkRow[] }) {
  const run = useCommand();
  const { register, handleSubmit, reset, formState } = useForm<WorkInput>({
    resolver: zodResolver(workInputSchema),
    defaultValues: { subject: '', setBy: '', task: '' },
  });
  return (
    <div>
      {work.length > 0 && (
        <ul className="plain-list" aria-label="Work">
          {work.map((w) => (
            <WorkItem key={w.id} doc={doc} work={w} />
          ))}
        </ul>
      )}
      <form
        className="row wrap"
        aria-label="Add work"
        onSubmit={handleSubmit((values) => {
          if (run((a) => addWork(doc, pupilId, values, a)).ok) reset();
        })}
      >
        <label>
          Subject
          <input type="text" {...register('subject')} />
        </label>
        <label>
          Set by
          <input type="text" {...register('setBy')} placeholder="e.g. Mr Osei" />
        </label>
        <label className="grow">
          Task
          <input type="text" {...register('task')} />
        </label>
        <button type="submit">Add work</button>
        <FormErrors errors={formState.errors} />
      </form>
    </div>
  );
}
