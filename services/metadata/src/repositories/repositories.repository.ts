import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@berth/db';
import type { DataSource, EntityManager } from 'typeorm';
import { fetchLimit, toPage, type Page, type PageRequest } from '../common/page';
import { runSql } from '../common/sql';
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
   * one repository do not serialize here; repositories are never deleted, so the
   * follow-up SELECT always finds the row a concurrent transaction inserted.
   */
  async ensure(manager: EntityManager, name: string): Promise<{ id: string; created: boolean }> {
    const { rows } = await runSql<{ id: string }>(
      manager,
      `INSERT INTO ${TABLES.repositories} ("name") VALUES ($1) ON CONFLICT ("name") DO NOTHING RETURNING "id"`,
      [name],
    );
    if (rows.length > 0) return { id: rows[0].id, created: true };
    const id = await this.findId(name, manager);
    if (id === undefined) throw new Error(`repository ${name} vanished while being recorded`);
    return { id, created: false };
  }

  /** Repository names in byte-lexical order (served by the unique index on the "C"-collated name). */
  async list(page: PageRequest): Promise<Page> {
    if (page.limit === 0) return { items: [], more: false };
    const { rows } = await runSql<{ name: string }>(
      this.ds.manager,
      `SELECT "name" FROM ${TABLES.repositories}
        WHERE "name" > $1 COLLATE "C"
        ORDER BY "name" COLLATE "C"
        LIMIT $2`,
      // Names are never empty, so "" as `last` means "from the start".
      [page.last ?? '', fetchLimit(page.limit)],
    );
    return toPage(
      rows.map((r) => r.name),
      page.limit,
    );
  }
}
