import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@berth/db';
import type { DataSource } from 'typeorm';
import { deletedRows, selectRows, type SqlRunner } from '../sql-rows';

/** An upload session as the service works with it. */
export interface UploadSession {
  id: string;
  repository: string;
  storageKey: string;
  startedAt: Date;
}

interface SessionRow {
  id: string;
  storage_key: string;
  started_at: Date;
}

/** Upload session rows, in plain SQL. Ids must be UUIDs: callers check before asking. */
@Injectable()
export class UploadsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /**
   * Opens a session. The statement commits asynchronously (PostgreSQL's per-transaction
   * `synchronous_commit = off`): it does not wait for its WAL to reach the disk, which is most of
   * its cost. A database crash may forget a session opened in the last moments before it, never
   * anything else; the client then gets BLOB_UPLOAD_UNKNOWN for it and starts the upload again.
   */
  async create(session: Omit<UploadSession, 'startedAt'>): Promise<UploadSession> {
    const rows = await selectRows<{ started_at: Date }>(
      this.dataSource,
      `INSERT INTO "distribution"."upload_sessions" ("id", "repository", "storage_key")
       SELECT $1, $2, $3 FROM (SELECT set_config('synchronous_commit', 'off', true)) AS "async_commit"
       RETURNING "started_at"`,
      [session.id, session.repository, session.storageKey],
    );
    return { ...session, startedAt: rows[0].started_at };
  }

  /** The session when it belongs to `repository`. */
  async find(repository: string, id: string): Promise<UploadSession | null> {
    const rows = await selectRows<SessionRow>(
      this.dataSource,
      `SELECT "id", "storage_key", "started_at" FROM "distribution"."upload_sessions"
        WHERE "id" = $1 AND "repository" = $2`,
      [id, repository],
    );
    return rows.length > 0 ? toSession(repository, rows[0]) : null;
  }

  /**
   * Removes the session and returns it: null when there was none. Run inside a transaction, the
   * deleted row stays locked until it ends, so of concurrent claims of one session (a commit and a
   * cancel, or two commits) exactly one gets it, and a rollback puts the session back as it was.
   */
  async claim(repository: string, id: string, runner: SqlRunner): Promise<UploadSession | null> {
    const rows = await deletedRows<SessionRow>(
      runner,
      `DELETE FROM "distribution"."upload_sessions" WHERE "id" = $1 AND "repository" = $2
       RETURNING "id", "storage_key", "started_at"`,
      [id, repository],
    );
    return rows.length > 0 ? toSession(repository, rows[0]) : null;
  }
}

function toSession(repository: string, row: SessionRow): UploadSession {
  return { id: row.id, repository, storageKey: row.storage_key, startedAt: row.started_at };
}
