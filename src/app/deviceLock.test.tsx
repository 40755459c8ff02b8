import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render } from '@testing-library/react';
import { DeviceLockContext, useIdleLock, type DeviceLock } from './deviceLock';

function Idle({ minutes }: { minutes: number }) {
  useIdleLock(minutes);
  return <p>Register</p>;
}

afterEach(() => vi.useRealTimers());

describe('idle lock', () => {
  it('locks after the school’s idle minutes, and every touch or key press starts the wait again', () => {
    vi.useFakeTimers();
    const lock: DeviceLock = { lockNow: vi.fn(), addPin: vi.fn(), pinCount: vi.fn() };
    render(
      <DeviceLockContext.Provider value={lock}>
        <Idle minutes={2} />
      </DeviceLockContext.Provider>,
    );
    vi.advanceTimersByTime(119_000);
    fireEvent.pointerDown(document.body);
    vi.advanceTimersByTime(119_000);
    fireEvent.keyDown(document.body, { key: 'a' });
    vi.advanceTimersByTime(119_000);
    expect(lock.lockNow).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    expect(lock.lockNow).toHaveBeenCalledTimes(1);
  });
});
