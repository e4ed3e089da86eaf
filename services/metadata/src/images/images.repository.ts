import { Injectable } from '@nestjs/common';
import { runSql } from '@berth/db';
import type { EntityManager } from 'typeorm';
import { TABLES } from '../common/tables';
import type { ImageRecord, ImageReference } from './image.types';

/** Data access for images and their reference graph. Every method runs in the caller's transaction. */
@Injectable()
export class ImagesRepository {
  /**
   * Inserts the image, or keeps the existing row of a re-push (same digest, same
   * bytes), filling in summary fields it lacked. The upsert also waits for and
   * survives a concurrent delete of the same image. Returns whether it was new.
   */
  async upsert(
    manager: EntityManager,
    repositoryId: string,
    image: ImageRecord,
  ): Promise<{ inserted: boolean }> {
    const { rows } = await runSql<{ inserted: boolean }>(
      manager,
      `INSERT INTO ${TABLES.images} AS i
         ("repository_id", "digest", "media_type", "size", "artifact_type", "config_digest", "config_media_type",
          "subject_digest", "annotations", "platform", "pushed_by")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11)
       ON CONFLICT ("repository_id", "digest") DO UPDATE SET
         "platform" = COALESCE(i."platform", EXCLUDED."platform"),
         "config_digest" = COALESCE(i."config_digest", EXCLUDED."config_digest"),
         "config_media_type" = COALESCE(i."config_media_type", EXCLUDED."config_media_type")
       RETURNING (xmax = 0) AS "inserted"`, // xmax is 0 on a freshly inserted row version
      [
        repositoryId,
        image.digest,
        image.mediaType,
        image.size,
        image.artifactType ?? null,
        image.configDigest ?? null,
        image.configMediaType ?? null,
        image.subjectDigest ?? null,
        JSON.stringify(image.annotations),
        image.platform ? JSON.stringify(image.platform) : null,
        image.pushedBy,
      ],
    );
    return { inserted: rows[0].inserted };
  }

  /** Records what the image references (idempotent). */
  async addReferences(
    manager: EntityManager,
    repositoryId: string,
    digest: string,
    refs: ImageReference[],
  ): Promise<void> {
    const unique = new Map(refs.map((r) => [`${r.kind} ${r.digest}`, r]));
    if (unique.size === 0) return;
    const list = [...unique.values()];
    await runSql(
      manager,
      `INSERT INTO ${TABLES.imageReferences} ("repository_id", "digest", "kind", "referenced_digest")
       SELECT $1, $2, r."kind", r."referenced_digest" FROM unnest($3::text[], $4::text[]) AS r("kind", "referenced_digest")
       ON CONFLICT DO NOTHING`,
      [repositoryId, digest, list.map((r) => r.kind), list.map((r) => r.digest)],
    );
  }

  /** Locks the image row for deletion; false when there is no such image. */
  async lock(manager: EntityManager, repositoryId: string, digest: string): Promise<boolean> {
    const { rows } = await runSql(
      manager,
      `SELECT 1 FROM ${TABLES.images} WHERE "repository_id" = $1 AND "digest" = $2 FOR UPDATE`,
      [repositoryId, digest],
    );
    return rows.length > 0;
  }

  /** Deletes the image; its references go with it (ON DELETE CASCADE). Tags must be removed first. */
  async delete(manager: EntityManager, repositoryId: string, digest: string): Promise<void> {
    await runSql(manager, `DELETE FROM ${TABLES.images} WHERE "repository_id" = $1 AND "digest" = $2`, [
      repositoryId,
      digest,
    ]);
  }
}
