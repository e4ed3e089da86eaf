import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@berth/db';
import type { DataSource } from 'typeorm';
import { IDENTITY_TABLES as T, runSql } from '../users/sql';
import type { FailureState } from './login-throttle.rules';

/** Whose failures are counted: a username (lowercased) from one client address. */
export interface ThrottleKey {
  username: string;
  clientIp: string;
}

interface Row {
  failures: number;
  window_started_at: Date;
  locked_until: Date | null;
}

const COLUMNS = `"failures", "window_started_at", "locked_until"`;

/** The login_failures table, shared by every auth replica. */
@Injectable()
export class LoginFailuresRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async find(key: ThrottleKey): Promise<FailureState | null> {
    const { rows } = await runSql<Row>(
      this.ds.manager,
      `SELECT ${COLUMNS} FROM ${T.loginFailures} WHERE "username" = $1 AND "client_ip" = $2`,
      [key.username, key.clientIp],
    );
    return rows[0] ? toState(rows[0]) : null;
  }

  /**
   * Replaces the pair's state with `next(current)` atomically: concurrent failures on several
   * replicas are each counted once (the row is locked while it changes).
   */
  async update(
    key: ThrottleKey,
    next: (current: FailureState | null) => FailureState,
  ): Promise<FailureState> {
    return this.ds.transaction(async (manager) => {
      const first = next(null);
      const inserted = await runSql<Row>(
        manager,
        `INSERT INTO ${T.loginFailures} ("username", "client_ip", "failures", "window_started_at", "locked_until")
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT ("username", "client_ip") DO NOTHING RETURNING ${COLUMNS}`,
        [key.username, key.clientIp, first.failures, first.windowStartedAt, first.lockedUntil],
      );
      if (inserted.rows[0]) return toState(inserted.rows[0]);
      const current = await runSql<Row>(
        manager,
        `SELECT ${COLUMNS} FROM ${T.loginFailures} WHERE "username" = $1 AND "client_ip" = $2 FOR UPDATE`,
        [key.username, key.clientIp],
      );
      const state = next(current.rows[0] ? toState(current.rows[0]) : null);
      await runSql(
        manager,
        `INSERT INTO ${T.loginFailures} ("username", "client_ip", "failures", "window_started_at", "locked_until")
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT ("username", "client_ip") DO UPDATE
           SET "failures" = EXCLUDED."failures", "window_started_at" = EXCLUDED."window_started_at",
               "locked_until" = EXCLUDED."locked_until"`,
        [key.username, key.clientIp, state.failures, state.windowStartedAt, state.lockedUntil],
      );
      return state;
    });
  }

  async clear(key: ThrottleKey): Promise<void> {
    await runSql(
      this.ds.manager,
      `DELETE FROM ${T.loginFailures} WHERE "username" = $1 AND "client_ip" = $2`,
      [key.username, key.clientIp],
    );
  }

  /** Deletes rows whose window started before `windowStartedBefore` and that hold no lock after `now`. */
  async purge(windowStartedBefore: Date, now: Date): Promise<number> {
    const { affected } = await runSql(
      this.ds.manager,
      `DELETE FROM ${T.loginFailures}
        WHERE "window_started_at" < $1 AND ("locked_until" IS NULL OR "locked_until" <= $2)`,
      [windowStartedBefore, now],
    );
    return affected;
  }
}

function toState(row: Row): FailureState {
  return { failures: row.failures, windowStartedAt: row.window_started_at, lockedUntil: row.locked_until };
}
