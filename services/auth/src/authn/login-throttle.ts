import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { BerthError, ErrorCode } from '@berth/errors';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth.config';
import { CLOCK, systemClock, type Clock } from './clock';
import { LoginFailuresRepository, type ThrottleKey, type ThrottleLimits } from './login-failures.repository';
import type { FailureState } from './login-throttle.rules';

/** An attempt counted before its secret is checked; settle it with succeeded, failed or release. */
export interface ReservedAttempt {
  key: ThrottleKey;
  address: FailureState;
  user: FailureState;
}

/**
 * Login throttling, shared by every auth replica through PostgreSQL. Each attempt is reserved
 * atomically BEFORE its secret is checked, per (username, client address) and per username from
 * every address: at most BERTH_LOGIN_MAX_FAILURES attempts of a pair and
 * BERTH_LOGIN_MAX_FAILURES_PER_USER of a user are checked within BERTH_LOGIN_FAILURE_WINDOW_SECONDS,
 * however many arrive at once; the next are refused with TOOMANYREQUESTS, without checking the
 * secret, for one window. A success forgets the pair's failures and gives back its reservation of
 * the user's budget (failures from other addresses still count). An empty client address is a
 * pair of its own.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger('LoginThrottle');
  readonly limits: ThrottleLimits;
  private lastPurgeMs = 0;

  constructor(
    private readonly failures: LoginFailuresRepository,
    @Inject(AUTH_CONFIG) config: AuthConfig,
    @Optional() @Inject(CLOCK) private readonly now: Clock = systemClock,
  ) {
    const windowMs = config.BERTH_LOGIN_FAILURE_WINDOW_SECONDS * 1000;
    this.limits = {
      perAddress: { maxFailures: config.BERTH_LOGIN_MAX_FAILURES, windowMs },
      perUser: { maxFailures: config.BERTH_LOGIN_MAX_FAILURES_PER_USER, windowMs },
    };
  }

  static keyOf(username: string, clientIp: string): ThrottleKey {
    return { username: username.toLowerCase().slice(0, 256), clientIp: clientIp.slice(0, 64) };
  }

  /**
   * Read only, for a password that will not be verified again (verified a moment ago): throws
   * TOOMANYREQUESTS while the pair or the user is locked, as reserve does, so a lock refuses the
   * right password too.
   */
  async assertNotLocked(key: ThrottleKey): Promise<void> {
    const now = this.now();
    const lock = await this.failures.lockOf(key, now);
    if (!lock) return;
    const retryAfterSeconds = Math.max(1, Math.ceil((lock.lockedUntil.getTime() - now.getTime()) / 1000));
    throw lock.bucket === 'user'
      ? tooManyFailuresOfUser(retryAfterSeconds)
      : tooManyFailures(retryAfterSeconds);
  }

  /** Counts one attempt before its secret is checked; throws TOOMANYREQUESTS while the pair or the user is locked. */
  async reserve(key: ThrottleKey): Promise<ReservedAttempt> {
    const now = this.now();
    const reservation = await this.failures.reserve(key, now, this.limits);
    if (reservation.outcome === 'reserved')
      return { key, address: reservation.address, user: reservation.user };
    const byUser = reservation.outcome === 'user-locked';
    if (byUser) await this.failures.release(key, reservation.address.windowStartedAt, null, this.limits);
    // Null when the lock was set by an attempt committed while this one ran: read it then.
    const locked =
      reservation.lockedUntil ??
      (byUser ? await this.failures.findUser(key.username) : await this.failures.find(key))?.lockedUntil;
    const until = locked ?? new Date(now.getTime() + this.limits.perAddress.windowMs);
    const retryAfterSeconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
    throw byUser ? tooManyFailuresOfUser(retryAfterSeconds) : tooManyFailures(retryAfterSeconds);
  }

  /** The attempt's secret was right: forgets the pair's failures, gives back the user's reservation. */
  async succeeded(attempt: ReservedAttempt): Promise<void> {
    await this.failures.succeeded(attempt.key, attempt.user.windowStartedAt, this.limits);
  }

  /** The attempt's secret could not be checked (an error): gives back both reservations. */
  async release(attempt: ReservedAttempt): Promise<void> {
    await this.failures.release(
      attempt.key,
      attempt.address.windowStartedAt,
      attempt.user.windowStartedAt,
      this.limits,
    );
  }

  /**
   * The attempt failed (it stays counted). Logs a lock it started, naming the user as `shown`
   * (never a name that may be a mistyped secret), and says until when further attempts are refused.
   */
  async failed(attempt: ReservedAttempt, shown: string): Promise<{ throttledUntil: Date | null }> {
    const { address, user, key } = attempt;
    if (address.lockedUntil && address.failures === this.limits.perAddress.maxFailures)
      this.logger.warn(
        `too many failed logins: user=${shown} ip=${JSON.stringify(key.clientIp)} refused until ${address.lockedUntil.toISOString()}`,
      );
    if (user.lockedUntil && user.failures === this.limits.perUser.maxFailures)
      this.logger.warn(
        `too many failed logins: user=${shown} from any address, refused until ${user.lockedUntil.toISOString()}`,
      );
    await this.purgeOccasionally(this.now());
    const locks = [address.lockedUntil, user.lockedUntil].filter((d): d is Date => d !== null);
    return { throttledUntil: locks.length ? new Date(Math.max(...locks.map((d) => d.getTime()))) : null };
  }

  /** At most once per window on each replica, forgets buckets whose window passed. */
  private async purgeOccasionally(now: Date): Promise<void> {
    const windowMs = this.limits.perAddress.windowMs;
    if (now.getTime() - this.lastPurgeMs < windowMs) return;
    this.lastPurgeMs = now.getTime();
    try {
      await this.failures.purge(new Date(now.getTime() - windowMs), now);
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

export function tooManyFailuresOfUser(retryAfterSeconds: number): BerthError {
  return new BerthError(
    ErrorCode.TOOMANYREQUESTS,
    `too many failed logins for this user; try again in ${retryAfterSeconds} s`,
    { retryAfterSeconds },
  );
}
