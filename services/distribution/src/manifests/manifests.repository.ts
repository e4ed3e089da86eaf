import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@berth/db';
import type { DataSource, EntityManager } from 'typeorm';
import { affectedRows, selectRows, toSize } from '../sql-rows';

/** A stored manifest as the service works with it. */
export interface ManifestRecord {
  digest: string;
  mediaType: string;
  size: number;
  storageKey: string;
}

/** What a manifest push needs to know before it stores anything. */
export interface PushState {
  /** Which of the referenced blobs the repository links. */
  linkedBlobs: Set<string>;
  /** Which of the referenced child manifests the repository holds. */
  linkedManifests: Set<string>;
  /** Whether a row (and so the bytes) of the pushed manifest exists already. */
  stored: boolean;
}

/** Manifest rows and repository → manifest links, in plain SQL. */
@Injectable()
export class ManifestsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** The manifest when `repository` holds it: one indexed lookup joined to the manifest row. */
  async findLinked(repository: string, digest: string): Promise<ManifestRecord | null> {
    const rows = await selectRows<{ media_type: string; size: string; storage_key: string }>(
      this.dataSource,
      `SELECT m."media_type", m."size", m."storage_key"
         FROM "distribution"."repository_manifests" rm
         JOIN "distribution"."manifests" m ON m."digest" = rm."digest"
        WHERE rm."repository" = $1 AND rm."digest" = $2`,
      [repository, digest],
    );
    if (rows.length === 0) return null;
    const row = rows[0];
    return { digest, mediaType: row.media_type, size: toSize(row.size), storageKey: row.storage_key };
  }

  /**
   * In one round trip: which of `blobs` the repository links, which of `manifests` it holds, and
   * whether the manifest `digest` is stored already.
   */
  async pushState(
    repository: string,
    digest: string,
    blobs: readonly string[],
    manifests: readonly string[],
  ): Promise<PushState> {
    const rows = await selectRows<{ kind: 'b' | 'm' | 's'; digest: string }>(
      this.dataSource,
      `SELECT 'b' AS "kind", "digest" FROM "distribution"."repository_blobs"
        WHERE "repository" = $1 AND "digest" = ANY($2::text[])
       UNION ALL
       SELECT 'm', "digest" FROM "distribution"."repository_manifests"
        WHERE "repository" = $1 AND "digest" = ANY($3::text[])
       UNION ALL
       SELECT 's', "digest" FROM "distribution"."manifests" WHERE "digest" = $4`,
      [repository, blobs, manifests, digest],
    );
    const state: PushState = { linkedBlobs: new Set(), linkedManifests: new Set(), stored: false };
    for (const row of rows) {
      if (row.kind === 'b') state.linkedBlobs.add(row.digest);
      else if (row.kind === 'm') state.linkedManifests.add(row.digest);
      else state.stored = true;
    }
    return state;
  }

  /** Records the manifest (kept as it is when the digest exists) and links it to `repository`, in one statement. */
  async insertAndLink(repository: string, manifest: ManifestRecord): Promise<void> {
    await selectRows(
      this.dataSource,
      `WITH "manifest" AS (
         INSERT INTO "distribution"."manifests" ("digest", "media_type", "size", "storage_key")
         VALUES ($2, $3, $4, $5)
         ON CONFLICT ("digest") DO NOTHING
       )
       INSERT INTO "distribution"."repository_manifests" ("repository", "digest") VALUES ($1, $2)
       ON CONFLICT ("repository", "digest") DO NOTHING`,
      [repository, manifest.digest, manifest.mediaType, manifest.size, manifest.storageKey],
    );
  }

  /**
   * Removes the link inside a transaction and runs `then` before committing; a failure in `then`
   * restores the link. False (and `then` not run) when there was no link.
   */
  async unlinkThen(repository: string, digest: string, then: () => Promise<void>): Promise<boolean> {
    return this.dataSource.transaction(async (em: EntityManager) => {
      const affected = await affectedRows(
        em,
        `DELETE FROM "distribution"."repository_manifests" WHERE "repository" = $1 AND "digest" = $2`,
        [repository, digest],
      );
      if (affected === 0) return false;
      await then();
      return true;
    });
  }

  /**
   * Forgets a whole repository: its manifest and blob links and its open upload sessions, in
   * one transaction. The manifest and blob rows (and bytes) stay for garbage collection. Returns
   * how many manifests it held.
   */
  async deleteRepository(repository: string): Promise<number> {
    return this.dataSource.transaction(async (em: EntityManager) => {
      const manifests = await affectedRows(
        em,
        `DELETE FROM "distribution"."repository_manifests" WHERE "repository" = $1`,
        [repository],
      );
      await affectedRows(em, `DELETE FROM "distribution"."repository_blobs" WHERE "repository" = $1`, [
        repository,
      ]);
      await affectedRows(em, `DELETE FROM "distribution"."upload_sessions" WHERE "repository" = $1`, [
        repository,
      ]);
      return manifests;
    });
  }
}
