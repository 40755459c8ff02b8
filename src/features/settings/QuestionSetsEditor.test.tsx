import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as Y from 'yjs';
import { QuestionSetsEditor } from './QuestionSetsEditor';
import { makeServices, withServices } from '../../../tests/fixtures/services';
import { projectSchool } from '../../docs/schoolDoc';
import { SCHOOL_DOC } from '../../docs/names';

let dispose: (() => void) | undefined;
afterEach(() => dispose?.());

describe('QuestionSetsEditor', () => {
  it('saves edited reflection questions as version 2 and refuses an empty set', async () => {
    const user = userEvent.setup();
    const services = makeServices();
    dispose = services.dispose;
    render(<QuestionSetsEditor sets={projectSchool(new Y.Doc()).snapshot.questionSets} />, { wrapper: withServices(services) });

    const first = screen.getByLabelText('1-1 reflection question 1');
    await user.clear(first);
    await user.type(first, 'Tell me what happened, in your own words');
    await user.click(screen.getByRole('button', { name: 'Remove 1-1 reflection question 5' }));
    const save = screen.getByRole('button', { name: 'Save 1-1 reflection questions' });
    await waitFor(() => expect(save).toBeEnabled());
    await user.click(save);
    expect(screen.getByRole('status')).toHaveTextContent('Saved as version 2');
    const school = await services.docs.open(SCHOOL_DOC);
    const reflection = projectSchool(school.doc).snapshot.questionSets.reflection;
    expect(reflection.version).toBe(2);
    expect(reflection.questions.map((q) => q.prompt)).toEqual([
      'Tell me what happened, in your own words',
      'What were you thinking and feeling at the time?',
      'Who has been affected by what happened, and how?',
      'What needs to happen to put things right?',
    ]);
  });
});
