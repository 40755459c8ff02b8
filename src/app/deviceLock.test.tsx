import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render } from '@testing-library/react';
import { DeviceLockContext, useIdleLock, type DeviceLock } from './deviceLock';

function Idle({ minutes }: { minutes: number }) {
  useIdleLock(minutes);
  return <p>Register</p>;
}

afterEach(() => vi.useRealTimers());

const renderIdle = (minutes: number) => {
  const lock: DeviceLock = { lockNow: vi.fn(), lockIdle: vi.fn(), addPin: vi.fn(), changePin: vi.fn(), removeOtherPins: vi.fn(), pinCount: vi.fn() };
  render(
    <DeviceLockContext.Provider value={lock}>
      <Idle minutes={minutes} />
    </DeviceLockContext.Provider>,
  );
  return lock;
};

describe('idle lock', () => {
  it('locks after the school’s idle minutes, and every touch or key press starts the wait again', () => {
    vi.useFakeTimers();
    const lock = renderIdle(2);
    vi.advanceTimersByTime(119_000);
    fireEvent.pointerDown(document.body);
    vi.advanceTimersByTime(119_000);
    fireEvent.keyDown(document.body, { key: 'a' });
    vi.advanceTimersByTime(119_000);
    expect(lock.lockIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    expect(lock.lockIdle).toHaveBeenCalledTimes(1);
    // Idle in one tab locks that tab only: someone may be using another.
    expect(lock.lockNow).not.toHaveBeenCalled();
  });

  it('locks a tablet that slept past its minutes (its timers paused) at the first touch, which does not start a new wait', () => {
    vi.useFakeTimers();
    const lock = renderIdle(2);
    vi.advanceTimersByTime(60_000);
    // Asleep for ten minutes: the wall clock moves on, the page's timers do not.
    vi.setSystemTime(Date.now() + 10 * 60_000);
    fireEvent.pointerDown(document.body);
    expect(lock.lockIdle).toHaveBeenCalledTimes(1);
  });

  it('locks a tab that was hidden past its minutes as soon as it is shown again', () => {
    vi.useFakeTimers();
    const lock = renderIdle(2);
    vi.setSystemTime(Date.now() + 5 * 60_000);
    document.dispatchEvent(new Event('visibilitychange'));
    expect(lock.lockIdle).toHaveBeenCalledTimes(1);
  });
});
