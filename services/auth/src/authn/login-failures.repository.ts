import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE, runSql } from '@berth/db';
import type { DataSource } from 'typeorm';
import { IDENTITY_TABLES as T } from '../users/sql';
import type { FailureState, ThrottleRules } from './login-throttle.rules';

/** Whose attempts are counted: a username (lowercased) from one client address ('' is one too). */
export interface ThrottleKey {
  username: string;
  clientIp: string;
}

export interface ThrottleLimits {
  /** Per (username, client address). */
  perAddress: ThrottleRules;
  /** Per username, from every address together. */
  perUser: ThrottleRules;
}

/** The outcome of reserving an attempt. */
export type Reservation =
  | { outcome: 'reserved'; address: FailureState; user: FailureState }
  /** The pair is locked; nothing was counted. lockedUntil is null when it could not be read. */
  | { outcome: 'address-locked'; lockedUntil: Date | null }
  /** The user is locked from every address; the pair's reservation (`address`) is to be given back. */
  | { outcome: 'user-locked'; lockedUntil: Date | null; address: FailureState };

interface Row {
  failures: number;
  window_started_at: Date;
  locked_until: Date | null;
}

interface ReserveRow extends Row {
  bucket: 'address' | 'user';
  reserved: boolean;
}

const COLUMNS = `"failures", "window_started_at", "locked_until"`;

/**
 * `SET` clause of one reservation on conflict (mirrors afterAttempt): a window that has passed, or
 * an expired lock, starts over; the attempt that reaches the maximum locks for one window. $3 is
 * now, $4 the end of a lock starting now, $5 the start of the oldest window still running.
 */
function reserveSet(max: string): string {
  const fresh = `(f."window_started_at" <= $5::timestamptz OR f."locked_until" IS NOT NULL)`;
  const count = `(CASE WHEN ${fresh} THEN 1 ELSE f."failures" + 1 END)`;
  return `"failures" = ${count},
          "window_started_at" = CASE WHEN ${fresh} THEN $3::timestamptz ELSE f."window_started_at" END,
          "locked_until" = CASE WHEN ${count} >= ${max} THEN $4::timestamptz END
    WHERE f."locked_until" IS NULL OR f."locked_until" <= $3::timestamptz`;
}

/** Gives back one attempt of the bucket `f` reserved in the window `window` (mirrors afterRelease). */
function releaseSet(max: string, window: string): string {
  return `"failures" = f."failures" - 1,
          "locked_until" = CASE WHEN f."failures" - 1 >= ${max} THEN f."locked_until" END
    WHERE f."window_started_at" = ${window} AND f."failures" > 0`;
}

/**
 * The login_failures tables, shared by every auth replica: attempts per (username, address) and
 * per username. Every change is one statement, so concurrent attempts on several replicas are
 * each counted exactly once.
 */
@Injectable()
export class LoginFailuresRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  /**
   * Reserves one attempt for the pair and then for the user, in one statement, before the secret
   * is checked: refused without counting anything while the pair is locked; refused while the
   * user is locked (the pair's reservation is then to be given back with `release`).
   */
  async reserve(key: ThrottleKey, now: Date, limits: ThrottleLimits): Promise<Reservation> {
    const windowMs = limits.perAddress.windowMs;
    const { rows } = await runSql<ReserveRow>(
      this.ds.manager,
      `WITH pair AS (
         INSERT INTO ${T.loginFailures} AS f ("username", "client_ip", "failures", "window_started_at", "locked_until")
         VALUES ($1::text, $2::text, 1, $3::timestamptz, CASE WHEN $6::int <= 1 THEN $4::timestamptz END)
         ON CONFLICT ("username", "client_ip") DO UPDATE SET ${reserveSet('$6::int')}
         RETURNING ${COLUMNS}),
       usr AS (
         INSERT INTO ${T.loginFailuresByUser} AS f ("username", "failures", "window_started_at", "locked_until")
         SELECT $1::text, 1, $3::timestamptz, CASE WHEN $7::int <= 1 THEN $4::timestamptz END FROM pair
         ON CONFLICT ("username") DO UPDATE SET ${reserveSet('$7::int')}
         RETURNING ${COLUMNS})
       SELECT 'address' AS "bucket", true AS "reserved", ${COLUMNS} FROM pair
       UNION ALL SELECT 'user', true, ${COLUMNS} FROM usr
       UNION ALL SELECT 'address', false, ${COLUMNS} FROM ${T.loginFailures}
         WHERE "username" = $1::text AND "client_ip" = $2::text AND NOT EXISTS (SELECT 1 FROM pair)
       UNION ALL SELECT 'user', false, ${COLUMNS} FROM ${T.loginFailuresByUser}
         WHERE "username" = $1::text AND EXISTS (SELECT 1 FROM pair) AND NOT EXISTS (SELECT 1 FROM usr)`,
      [
        key.username,
        key.clientIp,
        now,
        new Date(now.getTime() + windowMs),
        new Date(now.getTime() - windowMs),
        limits.perAddress.maxFailures,
        limits.perUser.maxFailures,
      ],
    );
    const reserved = (bucket: ReserveRow['bucket']) => rows.find((r) => r.bucket === bucket && r.reserved);
    const refused = (bucket: ReserveRow['bucket']) =>
      rows.find((r) => r.bucket === bucket && !r.reserved)?.locked_until ?? null;
    const address = reserved('address');
    if (!address) return { outcome: 'address-locked', lockedUntil: refused('address') };
    const user = reserved('user');
    if (!user) return { outcome: 'user-locked', lockedUntil: refused('user'), address: toState(address) };
    return { outcome: 'reserved', address: toState(address), user: toState(user) };
  }

  /**
   * Gives back reservations that turned out not to be failures (the secret could not be checked,
   * or the user was locked): the pair's reserved in `addressWindow`, the user's in `userWindow`
   * (null: none). A reservation of a window that has passed is not given back.
   */
  async release(
    key: ThrottleKey,
    addressWindow: Date,
    userWindow: Date | null,
    limits: ThrottleLimits,
  ): Promise<void> {
    await runSql(
      this.ds.manager,
      // Pair row first, then the user's row (the main statement reads the CTE, so it runs after
      // it), in the order reserve locks them: two statements never wait on each other in a cycle.
      `WITH pair AS (
         UPDATE ${T.loginFailures} AS f SET ${releaseSet('$6::int', '$3::timestamptz')}
            AND f."username" = $1::text AND f."client_ip" = $2::text
         RETURNING 1)
       UPDATE ${T.loginFailuresByUser} AS f SET ${releaseSet('$5::int', '$4::timestamptz')}
          AND f."username" = $1::text AND (SELECT count(*) FROM pair) >= 0`,
      [
        key.username,
        key.clientIp,
        addressWindow,
        userWindow,
        limits.perUser.maxFailures,
        limits.perAddress.maxFailures,
      ],
    );
  }

  /**
   * A reserved attempt succeeded: forgets the pair's failures and gives back the user's
   * reservation (made in `userWindow`) without forgetting the user's other failures, which may
   * come from other addresses.
   */
  async succeeded(key: ThrottleKey, userWindow: Date, limits: ThrottleLimits): Promise<void> {
    await runSql(
      this.ds.manager,
      // Pair row first, then the user's row, as reserve locks them (see release).
      `WITH pair AS (
         DELETE FROM ${T.loginFailures} WHERE "username" = $1::text AND "client_ip" = $2::text RETURNING 1)
       UPDATE ${T.loginFailuresByUser} AS f SET ${releaseSet('$4::int', '$3::timestamptz')}
          AND f."username" = $1::text AND (SELECT count(*) FROM pair) >= 0`,
      [key.username, key.clientIp, userWindow, limits.perUser.maxFailures],
    );
  }

  /**
   * Read only: until when the pair or the user is locked after `now` (the later of the two), and
   * by which bucket; null when neither is.
   */
  async lockOf(
    key: ThrottleKey,
    now: Date,
  ): Promise<{ bucket: 'address' | 'user'; lockedUntil: Date } | null> {
    const { rows } = await runSql<{ bucket: 'address' | 'user'; locked_until: Date }>(
      this.ds.manager,
      `SELECT 'address' AS "bucket", "locked_until" FROM ${T.loginFailures}
        WHERE "username" = $1 AND "client_ip" = $2 AND "locked_until" > $3
       UNION ALL
       SELECT 'user', "locked_until" FROM ${T.loginFailuresByUser}
        WHERE "username" = $1 AND "locked_until" > $3
       ORDER BY "locked_until" DESC LIMIT 1`,
      [key.username, key.clientIp, now],
    );
    return rows[0] ? { bucket: rows[0].bucket, lockedUntil: rows[0].locked_until } : null;
  }

  async find(key: ThrottleKey): Promise<FailureState | null> {
    const { rows } = await runSql<Row>(
      this.ds.manager,
      `SELECT ${COLUMNS} FROM ${T.loginFailures} WHERE "username" = $1 AND "client_ip" = $2`,
      [key.username, key.clientIp],
    );
    return rows[0] ? toState(rows[0]) : null;
  }

  async findUser(username: string): Promise<FailureState | null> {
    const { rows } = await runSql<Row>(
      this.ds.manager,
      `SELECT ${COLUMNS} FROM ${T.loginFailuresByUser} WHERE "username" = $1`,
      [username],
    );
    return rows[0] ? toState(rows[0]) : null;
  }

  /** Deletes rows whose window started before `windowStartedBefore` and that hold no lock after `now`. */
  async purge(windowStartedBefore: Date, now: Date): Promise<number> {
    const { rows } = await runSql<{ n: number }>(
      this.ds.manager,
      `WITH pairs AS (
         DELETE FROM ${T.loginFailures}
          WHERE "window_started_at" < $1 AND ("locked_until" IS NULL OR "locked_until" <= $2) RETURNING 1),
       users AS (
         DELETE FROM ${T.loginFailuresByUser}
          WHERE "window_started_at" < $1 AND ("locked_until" IS NULL OR "locked_until" <= $2) RETURNING 1)
       SELECT ((SELECT count(*) FROM pairs) + (SELECT count(*) FROM users))::int AS "n"`,
      [windowStartedBefore, now],
    );
    return rows[0]?.n ?? 0;
  }
}

function toState(row: Row): FailureState {
  return { failures: row.failures, windowStartedAt: row.window_started_at, lockedUntil: row.locked_until };
}
