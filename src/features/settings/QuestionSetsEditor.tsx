// The school's interview questions: edit a set and save it as a new version (past interviews keep theirs).
import { useState } from 'react';
import { useCommand, useSchoolDoc } from '../../app/hooks';
import { saveQuestionSet } from '../../docs/schoolDoc';
import { interviewKindLabels, interviewKinds, type InterviewKind, type QuestionSet } from '../../domain/interview';
import { slugId } from '../../domain/slug';

function QuestionSetForm({ set }: { set: QuestionSet }) {
  const doc = useSchoolDoc();
  const run = useCommand();
  const [prompts, setPrompts] = useState(() => set.questions.map((q) => ({ id: q.id, prompt: q.prompt })));
  const [saved, setSaved] = useState<number | null>(null);
  const label = interviewKindLabels[set.kind];
  return (
    <form
      className="stack"
      aria-label={`${label} questions`}
      onSubmit={(e) => {
        e.preventDefault();
        if (!doc) return;
        const result = run((a) => saveQuestionSet(doc, set.kind, prompts, a));
        if (result.ok) setSaved(result.value);
      }}
    >
      <h3>
        {label} <span className="muted">(version {saved ?? set.version})</span>
      </h3>
      <ol className="stack">
        {prompts.map((q, i) => (
          <li key={q.id} className="row">
            <label className="grow">
              {`${label} question ${i + 1}`}
              <input
                type="text"
                value={q.prompt}
                onChange={(e) => setPrompts(prompts.map((p, j) => (j === i ? { ...p, prompt: e.target.value } : p)))}
              />
            </label>
            <button type="button" aria-label={`Remove ${label.toLowerCase()} question ${i + 1}`} onClick={() => setPrompts(prompts.filter((_, j) => j !== i))}>
              Remove
            </button>
          </li>
        ))}
      </ol>
      <div className="row wrap">
        <button
          type="button"
          onClick={() => setPrompts([...prompts, { id: slugId(`question ${prompts.length + 1}`, prompts.map((p) => p.id)), prompt: '' }])}
        >
          Add a question
        </button>
        <button type="submit" className="primary" disabled={!doc}>
          Save {label.toLowerCase()} questions
        </button>
        {saved && <span role="status">Saved as version {saved}. Interviews already started keep their questions.</span>}
      </div>
    </form>
  );
}

export function QuestionSetsEditor({ sets }: { sets: Record<InterviewKind, QuestionSet> }) {
  return (
    <div className="stack">
      {interviewKinds.map((kind) => (
        <QuestionSetForm key={`${kind}-${sets[kind].version}`} set={sets[kind]} />
      ))}
    </div>
  );
}
