import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@berth/db';
import type { DataSource } from 'typeorm';
import { affectedRows, selectRows, toSize } from '../sql-rows';
import { type PreparedStatement, PreparedSql } from './prepared-sql';

/** A stored blob as the service works with it. */
export interface BlobRecord {
  digest: string;
  size: number;
  storageKey: string;
}

interface BlobRow {
  size: string;
  storage_key: string;
}

const FIND_LINKED: PreparedStatement = {
  name: 'distribution_blob_find_linked',
  text: `SELECT b."size", b."storage_key"
           FROM "distribution"."repository_blobs" rb
           JOIN "distribution"."blobs" b ON b."digest" = rb."digest"
          WHERE rb."repository" = $1 AND rb."digest" = $2`,
};

const INSERT_AND_LINK: PreparedStatement = {
  name: 'distribution_blob_insert_and_link',
  text: `WITH "blob" AS (
           INSERT INTO "distribution"."blobs" ("digest", "size", "storage_key") VALUES ($2, $3, $4)
           ON CONFLICT ("digest") DO NOTHING
         )
         INSERT INTO "distribution"."repository_blobs" ("repository", "digest") VALUES ($1, $2)
         ON CONFLICT ("repository", "digest") DO NOTHING`,
};

/**
 * Blob rows and repository → blob links, in plain SQL (the hot paths: the HEAD before every layer
 * push, commit, mount); stat and commit are named prepared statements (PreparedSql). Every lookup
 * is an index probe.
 */
@Injectable()
export class BlobsRepository {
  private readonly prepared: PreparedSql;

  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {
    this.prepared = new PreparedSql(dataSource);
  }

  /** The blob when `repository` links it: one indexed lookup joined to the blob row. */
  async findLinked(repository: string, digest: string): Promise<BlobRecord | null> {
    const rows = await this.prepared.rows<BlobRow>(FIND_LINKED, [repository, digest]);
    return rows.length > 0 ? toRecord(digest, rows[0]) : null;
  }

  /**
   * Records the blob (a row that already exists for the digest is kept as it is) and links it to
   * `repository` (idempotent), in one statement. The bytes must already be at `blob.storageKey`.
   */
  async insertAndLink(repository: string, blob: BlobRecord): Promise<void> {
    await this.prepared.rows(INSERT_AND_LINK, [repository, blob.digest, blob.size, blob.storageKey]);
  }

  /**
   * Links the blob `digest` into `repository` when it is readable from `from` (or, without
   * `from`, from any repository) or already from `repository` itself, in one statement; null
   * when it is not. Fails with a foreign-key violation when the blob row vanished meanwhile.
   */
  async linkFrom(repository: string, digest: string, from: string | undefined): Promise<BlobRecord | null> {
    const rows = await selectRows<BlobRow>(
      this.dataSource,
      `WITH "source" AS (
         SELECT b."digest", b."size", b."storage_key"
           FROM "distribution"."blobs" b
          WHERE b."digest" = $2
            AND EXISTS (SELECT 1 FROM "distribution"."repository_blobs" rb
                         WHERE rb."digest" = b."digest"
                           AND ($3::text IS NULL OR rb."repository" IN ($1, $3)))
       ), "linked" AS (
         INSERT INTO "distribution"."repository_blobs" ("repository", "digest")
         SELECT $1, "digest" FROM "source"
         ON CONFLICT ("repository", "digest") DO NOTHING
       )
       SELECT "size", "storage_key" FROM "source"`,
      [repository, digest, from ?? null],
    );
    return rows.length > 0 ? toRecord(digest, rows[0]) : null;
  }

  /** Removes the link; false when there was none. */
  async unlink(repository: string, digest: string): Promise<boolean> {
    const affected = await affectedRows(
      this.dataSource,
      `DELETE FROM "distribution"."repository_blobs" WHERE "repository" = $1 AND "digest" = $2`,
      [repository, digest],
    );
    return affected > 0;
  }
}

function toRecord(digest: string, row: BlobRow): BlobRecord {
  return { digest, size: toSize(row.size), storageKey: row.storage_key };
}
