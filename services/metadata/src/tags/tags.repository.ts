import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE, runSql } from '@berth/db';
import { BerthError, ErrorCode } from '@berth/errors';
import type { DataSource, EntityManager } from 'typeorm';
import { fetchLimit, toPage, type Page, type PageRequest } from '../common/page';
import { TABLES } from '../common/tables';
import type { ResolvedTag, TagMove } from './tag.types';

/** How often pointing a tag retries when a concurrent transaction creates or deletes it meanwhile. */
const POINT_ATTEMPTS = 5;

/** Data access for the current tag → digest pointers. */
@Injectable()
export class TagsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  /** The hot path behind the gateway cache: one query over primary-key and unique indexes. */
  async resolve(repository: string, tag: string): Promise<ResolvedTag | undefined> {
    const { rows } = await runSql<{ digest: string; media_type: string }>(
      this.ds.manager,
      `SELECT t."digest", i."media_type"
         FROM ${TABLES.repositories} r
         JOIN ${TABLES.tags} t ON t."repository_id" = r."id"
         JOIN ${TABLES.images} i ON i."repository_id" = t."repository_id" AND i."digest" = t."digest"
        WHERE r."name" = $1 AND t."name" = $2`,
      [repository, tag],
    );
    return rows[0] && { digest: rows[0].digest, mediaType: rows[0].media_type };
  }

  /** Tag names of a repository in byte-lexical order (served by the primary key on the "C"-collated name). */
  async list(repositoryId: string, page: PageRequest): Promise<Page> {
    if (page.limit === 0) return { items: [], more: false };
    const { rows } = await runSql<{ name: string }>(
      this.ds.manager,
      `SELECT "name" FROM ${TABLES.tags}
        WHERE "repository_id" = $1 AND "name" > $2 COLLATE "C"
        ORDER BY "name" COLLATE "C"
        LIMIT $3`,
      // Tags are never empty, so "" as `last` means "from the start".
      [repositoryId, page.last ?? '', fetchLimit(page.limit)],
    );
    return toPage(
      rows.map((r) => r.name),
      page.limit,
    );
  }

  /**
   * Points `tag` at `digest`. The current row is locked, so moves of one tag
   * serialize and each sees the digest the previous one wrote. When the tag is
   * new and a concurrent transaction creates (or deletes) it meanwhile, retries.
   */
  async point(manager: EntityManager, repositoryId: string, tag: string, digest: string): Promise<TagMove> {
    for (let attempt = 0; attempt < POINT_ATTEMPTS; attempt++) {
      const { rows: current } = await runSql<{ digest: string }>(
        manager,
        `SELECT "digest" FROM ${TABLES.tags} WHERE "repository_id" = $1 AND "name" = $2 FOR UPDATE`,
        [repositoryId, tag],
      );
      if (current.length > 0) {
        const previousDigest = current[0].digest;
        if (previousDigest === digest) return { changed: false };
        await runSql(
          manager,
          `UPDATE ${TABLES.tags} SET "digest" = $3, "updated_at" = now() WHERE "repository_id" = $1 AND "name" = $2`,
          [repositoryId, tag, digest],
        );
        return { changed: true, previousDigest };
      }
      const { rows: inserted } = await runSql(
        manager,
        `INSERT INTO ${TABLES.tags} ("repository_id", "name", "digest") VALUES ($1, $2, $3)
         ON CONFLICT ("repository_id", "name") DO NOTHING RETURNING "name"`,
        [repositoryId, tag, digest],
      );
      if (inserted.length > 0) return { changed: true };
    }
    throw new BerthError(ErrorCode.CONFLICT, `tag ${tag} is being changed concurrently; retry`);
  }

  /** Removes a tag; returns the digest it pointed at, or undefined when there was no such tag. */
  async remove(manager: EntityManager, repositoryId: string, tag: string): Promise<string | undefined> {
    const { rows } = await runSql<{ digest: string }>(
      manager,
      `DELETE FROM ${TABLES.tags} WHERE "repository_id" = $1 AND "name" = $2 RETURNING "digest"`,
      [repositoryId, tag],
    );
    return rows[0]?.digest;
  }

  /** Removes every tag of the repository pointing at `digest`; returns their names, sorted. */
  async removeByDigest(manager: EntityManager, repositoryId: string, digest: string): Promise<string[]> {
    const { rows } = await runSql<{ name: string }>(
      manager,
      `DELETE FROM ${TABLES.tags} WHERE "repository_id" = $1 AND "digest" = $2 RETURNING "name"`,
      [repositoryId, digest],
    );
    return rows.map((r) => r.name).sort(byteOrder);
  }
}

/** Byte-lexical comparison (what COLLATE "C" does for these ASCII names). */
function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
