import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { BerthError, ErrorCode } from '@berth/errors';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth.config';
import { CLOCK, systemClock, type Clock } from './clock';
import { LoginFailuresRepository, type ThrottleKey } from './login-failures.repository';
import { afterFailure, lockedUntil, type FailureState, type ThrottleRules } from './login-throttle.rules';

/** What a check before a login attempt found. */
export type ThrottleStatus =
  { locked: false; hasFailures: boolean } | { locked: true; retryAfterSeconds: number };

/**
 * Failed-login throttling per (username, client address), shared by every auth replica through
 * PostgreSQL: after BERTH_LOGIN_MAX_FAILURES failures within BERTH_LOGIN_FAILURE_WINDOW_SECONDS,
 * further attempts are refused with TOOMANYREQUESTS, without checking the secret, for one window;
 * a successful login clears the count.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger('LoginThrottle');
  readonly rules: ThrottleRules;
  private lastPurgeMs = 0;

  constructor(
    private readonly failures: LoginFailuresRepository,
    @Inject(AUTH_CONFIG) config: AuthConfig,
    @Optional() @Inject(CLOCK) private readonly now: Clock = systemClock,
  ) {
    this.rules = {
      maxFailures: config.BERTH_LOGIN_MAX_FAILURES,
      windowMs: config.BERTH_LOGIN_FAILURE_WINDOW_SECONDS * 1000,
    };
  }

  static keyOf(username: string, clientIp: string): ThrottleKey {
    return { username: username.toLowerCase().slice(0, 256), clientIp: clientIp.slice(0, 64) };
  }

  async check(key: ThrottleKey): Promise<ThrottleStatus> {
    const state = await this.failures.find(key);
    const until = lockedUntil(state, this.now());
    if (until)
      return {
        locked: true,
        retryAfterSeconds: Math.max(1, Math.ceil((until.getTime() - this.now().getTime()) / 1000)),
      };
    return { locked: false, hasFailures: state !== null };
  }

  /** Throws TOOMANYREQUESTS while the pair is locked; otherwise tells whether failures are on record. */
  async assertNotLocked(key: ThrottleKey): Promise<{ hasFailures: boolean }> {
    const status = await this.check(key);
    if (status.locked) throw tooManyFailures(status.retryAfterSeconds);
    return { hasFailures: status.hasFailures };
  }

  /** Counts one failure; the returned state says whether it locked the pair. */
  async recordFailure(key: ThrottleKey): Promise<FailureState> {
    const now = this.now();
    const state = await this.failures.update(key, (current) => afterFailure(current, now, this.rules));
    if (state.lockedUntil && state.failures === this.rules.maxFailures) {
      this.logger.warn(
        `too many failed logins: user=${JSON.stringify(key.username.slice(0, 64))} ip=${JSON.stringify(key.clientIp)} refused until ${state.lockedUntil.toISOString()}`,
      );
    }
    await this.purgeOccasionally(now);
    return state;
  }

  async clear(key: ThrottleKey): Promise<void> {
    await this.failures.clear(key);
  }

  /** At most once per window on each replica, forgets pairs whose window passed. */
  private async purgeOccasionally(now: Date): Promise<void> {
    if (now.getTime() - this.lastPurgeMs < this.rules.windowMs) return;
    this.lastPurgeMs = now.getTime();
    try {
      await this.failures.purge(new Date(now.getTime() - this.rules.windowMs), now);
    } catch (err) {
      this.logger.warn(`cannot purge old login failures: ${(err as Error).message}`);
    }
  }
}

export function tooManyFailures(retryAfterSeconds: number): BerthError {
  return new BerthError(
    ErrorCode.TOOMANYREQUESTS,
    `too many failed logins for this user from this address; try again in ${retryAfterSeconds} s`,
    { retryAfterSeconds },
  );
}
