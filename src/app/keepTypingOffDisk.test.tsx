import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { keepTypingOffDisk } from './keepTypingOffDisk';

describe('keepTypingOffDisk', () => {
  it('turns autocomplete off on forms and controls already there and on those React adds later', async () => {
    const stop = keepTypingOffDisk(document);
    const { rerender } = render(<form aria-label="Note"><textarea aria-label="Note text" /></form>);
    rerender(
      <form aria-label="Note">
        <textarea aria-label="Note text" />
        <input aria-label="Arrival time" />
        <select aria-label="Period" />
      </form>,
    );
    await Promise.resolve(); // mutation records are delivered as a microtask
    for (const control of [screen.getByRole('form'), screen.getByLabelText('Note text'), screen.getByLabelText('Arrival time'), screen.getByLabelText('Period')]) {
      expect(control).toHaveAttribute('autocomplete', 'off');
    }
    stop();
  });
});
