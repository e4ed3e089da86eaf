/** Failed logins of one (username, client address). */
export interface FailureState {
  failures: number;
  windowStartedAt: Date;
  /** Set when the count reached the maximum: attempts are refused until then. */
  lockedUntil: Date | null;
}

export interface ThrottleRules {
  /** Failures within the window after which further attempts are refused. */
  maxFailures: number;
  windowMs: number;
}

/** The time until which attempts are refused without checking the secret, or null when they are not. */
export function lockedUntil(state: FailureState | null, now: Date): Date | null {
  return state?.lockedUntil && state.lockedUntil > now ? state.lockedUntil : null;
}

/**
 * The state after one more failure at `now`. Failures are counted in a fixed window that starts
 * at the first failure; the failure that reaches the maximum locks the pair for one window
 * from then. A window that has passed, or a lock that has expired, starts over.
 */
export function afterFailure(state: FailureState | null, now: Date, rules: ThrottleRules): FailureState {
  const fresh =
    !state ||
    now.getTime() - state.windowStartedAt.getTime() >= rules.windowMs ||
    (state.lockedUntil !== null && state.lockedUntil <= now);
  const failures = fresh ? 1 : state.failures + 1;
  const windowStartedAt = fresh ? now : state.windowStartedAt;
  const locked = failures >= rules.maxFailures ? new Date(now.getTime() + rules.windowMs) : null;
  return { failures, windowStartedAt, lockedUntil: locked };
}
