import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@berth/db';
import type { DataSource, EntityManager } from 'typeorm';
import { UploadSessionEntity } from './upload-session.entity';

/** An upload session as the service works with it (never the ORM entity). */
export interface UploadSession {
  id: string;
  repository: string;
  storageKey: string;
  startedAt: Date;
}

/** Upload session rows. Ids must be UUIDs: callers check before asking. */
@Injectable()
export class UploadsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async create(session: Omit<UploadSession, 'startedAt'>): Promise<UploadSession> {
    const rows = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(UploadSessionEntity)
      .values({
        id: session.id,
        repository: session.repository,
        storageKey: session.storageKey,
        startedAt: () => 'now()',
      })
      .returning('"started_at"')
      .execute();
    const startedAt = (rows.raw as Array<{ started_at: Date }>)[0].started_at;
    return { ...session, startedAt };
  }

  /**
   * The session when it belongs to `repository`. With `lock`, the row is locked FOR UPDATE until
   * the caller's transaction ends, so a commit and a cancel of one session cannot both proceed.
   */
  async find(
    repository: string,
    id: string,
    options: { em?: EntityManager; lock?: boolean } = {},
  ): Promise<UploadSession | null> {
    const qb = (options.em ?? this.dataSource.manager)
      .createQueryBuilder(UploadSessionEntity, 's')
      .where('s.id = :id AND s.repository = :repository', { id, repository });
    if (options.lock) qb.setLock('pessimistic_write');
    const row = await qb.getOne();
    return row
      ? { id: row.id, repository: row.repository, storageKey: row.storageKey, startedAt: row.startedAt }
      : null;
  }

  /** Removes the session; false when there was none. */
  async delete(
    repository: string,
    id: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const result = await em
      .createQueryBuilder()
      .delete()
      .from(UploadSessionEntity)
      .where({ id, repository })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
