import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@berth/db';
import type { DataSource } from 'typeorm';

/** Data access for image scopes: a row per `global` repository; no row means `namespace`. */
@Injectable()
export class ImageScopesRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async setGlobal(projectId: string, repository: string, actor: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO "auth"."image_scopes" (repository, project_id, scope, updated_by) VALUES ($1, $2, 'global', $3)
       ON CONFLICT (repository) DO UPDATE SET updated_at = now(), updated_by = EXCLUDED.updated_by`,
      [repository, projectId, actor],
    );
  }

  async clear(repository: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM "auth"."image_scopes" WHERE repository = $1`, [repository]);
  }
}
