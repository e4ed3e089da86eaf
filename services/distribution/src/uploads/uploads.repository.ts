import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@berth/db';
import type { DataSource } from 'typeorm';
import { type PreparedStatement, PreparedSql } from '../blobs/prepared-sql';
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

const CREATE: PreparedStatement = {
  name: 'distribution_upload_create',
  text: `INSERT INTO "distribution"."upload_sessions" ("id", "repository", "storage_key")
         SELECT $1, $2, $3 FROM (SELECT set_config('synchronous_commit', 'off', true)) AS "async_commit"
         RETURNING "started_at"`,
};

const FIND: PreparedStatement = {
  name: 'distribution_upload_find',
  text: `SELECT "id", "storage_key", "started_at" FROM "distribution"."upload_sessions"
          WHERE "id" = $1 AND "repository" = $2`,
};

const TAKE: PreparedStatement = {
  name: 'distribution_upload_take',
  text: `DELETE FROM "distribution"."upload_sessions"
          USING (SELECT set_config('synchronous_commit', 'off', true)) AS "async_commit"
          WHERE "id" = $1 AND "repository" = $2
         RETURNING "id", "storage_key", "started_at"`,
};

/**
 * Upload session rows, in plain SQL; the statements of every blob push (create, find, take) are
 * named prepared statements (PreparedSql). Ids must be UUIDs: callers check before asking.
 */
@Injectable()
export class UploadsRepository {
  private readonly prepared: PreparedSql;

  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {
    this.prepared = new PreparedSql(dataSource);
  }

  /**
   * Opens a session. The statement commits asynchronously (PostgreSQL's per-transaction
   * `synchronous_commit = off`): it does not wait for its WAL to reach the disk, which is most of
   * its cost. A database crash may forget a session opened in the last moments before it, never
   * anything else; the client then gets BLOB_UPLOAD_UNKNOWN for it and starts the upload again.
   */
  async create(session: Omit<UploadSession, 'startedAt'>): Promise<UploadSession> {
    const rows = await this.prepared.rows<{ started_at: Date }>(CREATE, [
      session.id,
      session.repository,
      session.storageKey,
    ]);
    return { ...session, startedAt: rows[0].started_at };
  }

  /** The session when it belongs to `repository`. */
  async find(repository: string, id: string): Promise<UploadSession | null> {
    const rows = await this.prepared.rows<SessionRow>(FIND, [id, repository]);
    return rows.length > 0 ? toSession(repository, rows[0]) : null;
  }

  /**
   * Removes the session and returns it, in one statement of its own: null when there was none. Of
   * concurrent claims of one session (two commits, a commit and a cancel) exactly one gets it. It
   * commits asynchronously like `create`: the blob rows a commit writes next commit synchronously,
   * and PostgreSQL flushes the WAL in order, so once they are durable the claim is too; a crash
   * before them can only bring the session back. `restore` puts a claimed session back.
   */
  async take(repository: string, id: string): Promise<UploadSession | null> {
    const rows = await this.prepared.rows<SessionRow>(TAKE, [id, repository]);
    return rows.length > 0 ? toSession(repository, rows[0]) : null;
  }

  /** Puts back a session `take` removed (a refused commit), unless one with its id exists again. */
  async restore(session: UploadSession): Promise<void> {
    await selectRows(
      this.dataSource,
      `INSERT INTO "distribution"."upload_sessions" ("id", "repository", "storage_key", "started_at")
       VALUES ($1, $2, $3, $4) ON CONFLICT ("id") DO NOTHING`,
      [session.id, session.repository, session.storageKey, session.startedAt],
    );
  }

  /**
   * Removes the session and returns it: null when there was none (cancel). Run inside a
   * transaction, the deleted row stays locked until it ends, so of concurrent claims of one session
   * exactly one gets it, and a rollback puts the session back as it was.
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
