import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE, runSql } from '@berth/db';
import type { DataSource, EntityManager } from 'typeorm';
import { fetchLimit, toPage, type Page, type PageRequest } from '../common/page';
import { TABLES } from '../common/tables';

/** Data access for repositories (image streams). */
@Injectable()
export class RepositoriesRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async findId(name: string, manager: EntityManager = this.ds.manager): Promise<string | undefined> {
    const { rows } = await runSql<{ id: string }>(
      manager,
      `SELECT "id" FROM ${TABLES.repositories} WHERE "name" = $1`,
      [name],
    );
    return rows[0]?.id;
  }

  /**
   * Returns the repository's id, creating the row when it does not exist.
   * ON CONFLICT DO NOTHING does not lock an existing row, so concurrent pushes to
   * one repository do not serialize here. The existing row is then read with FOR KEY SHARE,
   * which a concurrent DeleteRepository (it deletes the row) waits for; should the row have
   * been deleted between the two statements, the insert is tried again.
   */
  async ensure(manager: EntityManager, name: string): Promise<{ id: string; created: boolean }> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const { rows } = await runSql<{ id: string }>(
        manager,
        `INSERT INTO ${TABLES.repositories} ("name") VALUES ($1) ON CONFLICT ("name") DO NOTHING RETURNING "id"`,
        [name],
      );
      if (rows.length > 0) return { id: rows[0].id, created: true };
      const existing = await runSql<{ id: string }>(
        manager,
        `SELECT "id" FROM ${TABLES.repositories} WHERE "name" = $1 FOR KEY SHARE`,
        [name],
      );
      if (existing.rows.length > 0) return { id: existing.rows[0].id, created: false };
    }
    throw new Error(`repository ${name} was deleted repeatedly while being recorded`);
  }

  /** A repository with its tag and image counts; undefined when it does not exist. */
  async describe(name: string): Promise<RepositorySummary | undefined> {
    const { rows } = await runSql<{ name: string; created_at: Date; tags: number; images: number }>(
      this.ds.manager,
      `SELECT r."name", r."created_at",
              (SELECT count(*)::int FROM ${TABLES.tags} t WHERE t."repository_id" = r."id") AS "tags",
              (SELECT count(*)::int FROM ${TABLES.images} i WHERE i."repository_id" = r."id") AS "images"
         FROM ${TABLES.repositories} r WHERE r."name" = $1`,
      [name],
    );
    const row = rows[0];
    if (!row) return undefined;
    return { name: row.name, createdAt: row.created_at, tagCount: row.tags, imageCount: row.images };
  }

  /**
   * Locks a repository for deletion and returns what goes with it: its id, image digests and
   * tags. Undefined when it does not exist.
   */
  async lockForDelete(
    manager: EntityManager,
    name: string,
  ): Promise<{ id: string; digests: string[]; tags: string[] } | undefined> {
    const { rows } = await runSql<{ id: string }>(
      manager,
      `SELECT "id" FROM ${TABLES.repositories} WHERE "name" = $1 FOR UPDATE`,
      [name],
    );
    const id = rows[0]?.id;
    if (id === undefined) return undefined;
    const images = await runSql<{ digest: string }>(
      manager,
      `SELECT "digest" FROM ${TABLES.images} WHERE "repository_id" = $1 ORDER BY "digest"`,
      [id],
    );
    const tags = await runSql<{ name: string }>(
      manager,
      `SELECT "name" FROM ${TABLES.tags} WHERE "repository_id" = $1 ORDER BY "name"`,
      [id],
    );
    return { id, digests: images.rows.map((r) => r.digest), tags: tags.rows.map((r) => r.name) };
  }

  /**
   * Deletes a repository row; its images, reference graph, tags and tag history go with it
   * (ON DELETE CASCADE). Tags are removed first: they reference images without a cascade.
   */
  async delete(manager: EntityManager, id: string): Promise<void> {
    await runSql(manager, `DELETE FROM ${TABLES.tags} WHERE "repository_id" = $1`, [id]);
    await runSql(manager, `DELETE FROM ${TABLES.repositories} WHERE "id" = $1`, [id]);
  }

  /**
   * Repository names in byte-lexical order (served by the unique index on the "C"-collated name),
   * optionally only those of one namespace: names in ["ns/", "ns0"), as '0' follows '/' in bytes.
   */
  async list(page: PageRequest, namespace?: string): Promise<Page> {
    if (page.limit === 0) return { items: [], more: false };
    const params: unknown[] = [page.last ?? '', fetchLimit(page.limit)];
    let inNamespace = '';
    if (namespace !== undefined) {
      params.push(`${namespace}/`, `${namespace}0`);
      inNamespace = ` AND "name" >= $3 COLLATE "C" AND "name" < $4 COLLATE "C"`;
    }
    const { rows } = await runSql<{ name: string }>(
      this.ds.manager,
      `SELECT "name" FROM ${TABLES.repositories}
        WHERE "name" > $1 COLLATE "C"${inNamespace}
        ORDER BY "name" COLLATE "C"
        LIMIT $2`,
      // Names are never empty, so "" as `last` means "from the start".
      params,
    );
    return toPage(
      rows.map((r) => r.name),
      page.limit,
    );
  }
}

export interface RepositorySummary {
  name: string;
  createdAt: Date;
  tagCount: number;
  imageCount: number;
}
