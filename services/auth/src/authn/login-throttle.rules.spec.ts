import { afterFailure, lockedUntil, type FailureState } from './login-throttle.rules';

describe('login throttle rules', () => {
  const rules = { maxFailures: 3, windowMs: 300_000 };
  const t0 = new Date('2025-06-01T12:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);

  function failuresAt(times: number[]): FailureState | null {
    let state: FailureState | null = null;
    for (const ms of times) state = afterFailure(state, at(ms), rules);
    return state;
  }

  it('counts failures from the first one, without locking below the maximum', () => {
    expect(failuresAt([0])).toEqual({ failures: 1, windowStartedAt: t0, lockedUntil: null });
    const two = failuresAt([0, 1000]);
    expect(two).toEqual({ failures: 2, windowStartedAt: t0, lockedUntil: null });
    expect(lockedUntil(two, at(1001))).toBeNull();
  });

  it('locks for one window from the failure that reaches the maximum', () => {
    const state = failuresAt([0, 10_000, 20_000]);
    expect(state).toEqual({ failures: 3, windowStartedAt: t0, lockedUntil: at(320_000) });
    expect(lockedUntil(state, at(20_001))).toEqual(at(320_000));
    expect(lockedUntil(state, at(319_999))).toEqual(at(320_000));
    expect(lockedUntil(state, at(320_000))).toBeNull();
  });

  it('starts a new window once the old one has passed', () => {
    const state = failuresAt([0, 1000, 300_000]);
    expect(state).toEqual({ failures: 1, windowStartedAt: at(300_000), lockedUntil: null });
  });

  it('does not lock for failures spread over more than one window', () => {
    const state = failuresAt([0, 200_000, 400_000, 500_000]);
    expect(state).toMatchObject({ failures: 2, lockedUntil: null });
  });

  it('starts over after a lock has expired', () => {
    const state = failuresAt([0, 1, 2, 400_000]);
    expect(state).toEqual({ failures: 1, windowStartedAt: at(400_000), lockedUntil: null });
  });

  it('locks at once when the maximum is 1', () => {
    expect(afterFailure(null, t0, { maxFailures: 1, windowMs: 60_000 }).lockedUntil).toEqual(at(60_000));
  });

  it('treats no state as not locked', () => {
    expect(lockedUntil(null, t0)).toBeNull();
  });
});
