import { afterAttempt, afterRelease, lockedUntil, type FailureState } from './login-throttle.rules';

describe('login throttle rules', () => {
  const rules = { maxFailures: 3, windowMs: 300_000 };
  const t0 = new Date('2025-06-01T12:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);

  function attemptsAt(times: number[]): FailureState | null {
    let state: FailureState | null = null;
    for (const ms of times) state = afterAttempt(state, at(ms), rules) ?? state;
    return state;
  }

  it('counts attempts from the first one, without locking below the maximum', () => {
    expect(attemptsAt([0])).toEqual({ failures: 1, windowStartedAt: t0, lockedUntil: null });
    const two = attemptsAt([0, 1000]);
    expect(two).toEqual({ failures: 2, windowStartedAt: t0, lockedUntil: null });
    expect(lockedUntil(two, at(1001))).toBeNull();
  });

  it('locks for one window from the attempt that reaches the maximum, and refuses the next', () => {
    const state = attemptsAt([0, 10_000, 20_000]);
    expect(state).toEqual({ failures: 3, windowStartedAt: t0, lockedUntil: at(320_000) });
    expect(afterAttempt(state, at(20_001), rules)).toBeNull();
    expect(afterAttempt(state, at(319_999), rules)).toBeNull();
    expect(lockedUntil(state, at(319_999))).toEqual(at(320_000));
    expect(lockedUntil(state, at(320_000))).toBeNull();
  });

  it('starts a new window once the old one has passed', () => {
    expect(attemptsAt([0, 1000, 300_000])).toEqual({
      failures: 1,
      windowStartedAt: at(300_000),
      lockedUntil: null,
    });
  });

  it('does not lock for attempts spread over more than one window', () => {
    expect(attemptsAt([0, 200_000, 400_000, 500_000])).toMatchObject({ failures: 2, lockedUntil: null });
  });

  it('starts over after a lock has expired', () => {
    expect(attemptsAt([0, 1, 2, 400_000])).toEqual({
      failures: 1,
      windowStartedAt: at(400_000),
      lockedUntil: null,
    });
  });

  it('locks at once when the maximum is 1', () => {
    expect(afterAttempt(null, t0, { maxFailures: 1, windowMs: 60_000 })?.lockedUntil).toEqual(at(60_000));
  });

  it('gives an attempt back within its window, unlocking below the maximum', () => {
    const locked = attemptsAt([0, 1, 2])!;
    expect(afterRelease(locked, t0, rules)).toEqual({ failures: 2, windowStartedAt: t0, lockedUntil: null });
    expect(afterRelease(attemptsAt([0, 1]), t0, rules)).toEqual({
      failures: 1,
      windowStartedAt: t0,
      lockedUntil: null,
    });
    const four = { failures: 4, windowStartedAt: t0, lockedUntil: at(400_000) };
    expect(afterRelease(four, t0, rules)).toEqual({ ...four, failures: 3 });
  });

  it('gives nothing back for a window that is over, or below zero', () => {
    const later = attemptsAt([0, 300_000])!;
    expect(afterRelease(later, t0, rules)).toBe(later);
    const none = { failures: 0, windowStartedAt: t0, lockedUntil: null };
    expect(afterRelease(none, t0, rules)).toBe(none);
    expect(afterRelease(null, t0, rules)).toBeNull();
  });

  it('treats no state as not locked', () => {
    expect(lockedUntil(null, t0)).toBeNull();
  });
});
