import { Suspense, useState } from 'react';
import { describe, expect, it } from 'vitest';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { lazyScreen } from './lazyScreen';

function Counter({ label }: { label: string }) {
  const [count, setCount] = useState(0);
  return (
    <button type="button" onClick={() => setCount((c) => c + 1)}>
      {label} {count}
    </button>
  );
}

const shell = (Screen: ReturnType<typeof lazyScreen<{ label: string }>>, label: string) => (
  <Suspense fallback={<p>Loading…</p>}>
    <Screen label={label} />
  </Suspense>
);

describe('a screen loaded on demand', () => {
  it('renders at once, with no fallback, when its code was preloaded', async () => {
    const Screen = lazyScreen(() => Promise.resolve(Counter));
    await Screen.preload();
    render(shell(Screen, 'Count'));
    // Synchronously after the first render: a React.lazy component would still show its fallback here.
    expect(screen.queryByText('Loading…')).toBeNull();
    expect(screen.getByRole('button', { name: 'Count 0' })).toBeInTheDocument();
  });

  it('shows the fallback until its code arrives, then the screen', async () => {
    let arrive!: (c: typeof Counter) => void;
    const Screen = lazyScreen(() => new Promise<typeof Counter>((resolve) => (arrive = resolve)));
    const { rerender } = render(shell(Screen, 'Count'));
    expect(screen.getByText('Loading…')).toBeInTheDocument();
    await act(async () => arrive(Counter));
    fireEvent.click(await screen.findByRole('button', { name: 'Count 0' }));
    expect(screen.getByRole('button', { name: 'Count 1' })).toBeInTheDocument();
    rerender(shell(Screen, 'Total'));
    expect(screen.getByRole('button', { name: 'Total 1' })).toBeInTheDocument();
  });

  it('loads once, and tries again after a failed load', async () => {
    let calls = 0;
    const Screen = lazyScreen(() => (++calls === 1 ? Promise.reject(new Error('offline')) : Promise.resolve(Counter)));
    await expect(Screen.preload()).rejects.toThrow('offline');
    await Screen.preload();
    await Screen.preload();
    expect(calls).toBe(2);
  });
});
