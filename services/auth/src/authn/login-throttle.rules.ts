/**
 * Login attempts of one bucket: a (username, client address) pair, or a username from every
 * address. An attempt is counted (reserved) before its secret is checked, and given back when it
 * turns out not to be a failure, so `failures` is the failed attempts plus those still in flight.
 */
export interface FailureState {
  failures: number;
  windowStartedAt: Date;
  /** Set when the count reached the maximum: attempts are refused until then. */
  lockedUntil: Date | null;
}

export interface ThrottleRules {
  /** Attempts within the window that may be checked; the one that reaches it locks the bucket. */
  maxFailures: number;
  windowMs: number;
}

/** The time until which attempts are refused without checking the secret, or null when they are not. */
export function lockedUntil(state: FailureState | null, now: Date): Date | null {
  return state?.lockedUntil && state.lockedUntil > now ? state.lockedUntil : null;
}

/**
 * The state after reserving one more attempt at `now`, or null when the bucket is locked and the
 * attempt must be refused. Attempts are counted in a fixed window that starts at the first one;
 * the attempt that reaches the maximum locks the bucket for one window from then (it is still
 * checked, the next ones are not). A window that has passed, or a lock that has expired, starts over.
 * LoginFailuresRepository.reserve does the same in one SQL statement.
 */
export function afterAttempt(
  state: FailureState | null,
  now: Date,
  rules: ThrottleRules,
): FailureState | null {
  if (lockedUntil(state, now)) return null;
  const fresh =
    !state || now.getTime() - state.windowStartedAt.getTime() >= rules.windowMs || state.lockedUntil !== null;
  const failures = fresh ? 1 : state.failures + 1;
  const windowStartedAt = fresh ? now : state.windowStartedAt;
  const locked = failures >= rules.maxFailures ? new Date(now.getTime() + rules.windowMs) : null;
  return { failures, windowStartedAt, lockedUntil: locked };
}

/**
 * The state after giving back one attempt reserved in the window that started at
 * `windowStartedAt` (it succeeded, or could not be checked): unchanged when that window is over,
 * and unlocked when the count falls below the maximum again.
 */
export function afterRelease(
  state: FailureState | null,
  windowStartedAt: Date,
  rules: ThrottleRules,
): FailureState | null {
  if (!state || state.failures <= 0 || state.windowStartedAt.getTime() !== windowStartedAt.getTime())
    return state;
  const failures = state.failures - 1;
  return { ...state, failures, lockedUntil: failures >= rules.maxFailures ? state.lockedUntil : null };
}
