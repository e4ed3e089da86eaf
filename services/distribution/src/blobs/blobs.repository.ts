import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@berth/db';
import type { DataSource, EntityManager } from 'typeorm';
import { BlobEntity } from './blob.entity';
import { RepositoryBlobEntity } from './repository-blob.entity';

/** A stored blob as the service works with it (never the ORM entity). */
export interface BlobRecord {
  digest: string;
  size: number;
  storageKey: string;
}

/**
 * Blob rows and repository → blob links. Methods take an optional EntityManager so callers can
 * run them inside their transaction.
 */
@Injectable()
export class BlobsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** The blob when `repository` links it: one primary-key lookup joined to the blob row. */
  async findLinked(
    repository: string,
    digest: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<BlobRecord | null> {
    const row = await em
      .createQueryBuilder(BlobEntity, 'b')
      .innerJoin(RepositoryBlobEntity, 'rb', 'rb.digest = b.digest')
      .where('rb.repository = :repository AND rb.digest = :digest', { repository, digest })
      .getOne();
    return row ? toRecord(row) : null;
  }

  /** The blob when at least one repository links it. */
  async findLinkedAnywhere(
    digest: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<BlobRecord | null> {
    const row = await em
      .createQueryBuilder(BlobEntity, 'b')
      .where('b.digest = :digest', { digest })
      .andWhere(
        (qb) =>
          `EXISTS ${qb.subQuery().select('1').from(RepositoryBlobEntity, 'rb').where('rb.digest = b.digest').getQuery()}`,
      )
      .getOne();
    return row ? toRecord(row) : null;
  }

  /** Which of `digests` `repository` links. */
  async linkedDigests(
    repository: string,
    digests: readonly string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<Set<string>> {
    if (digests.length === 0) return new Set();
    const rows = await em
      .createQueryBuilder(RepositoryBlobEntity, 'rb')
      .select('rb.digest', 'digest')
      .where('rb.repository = :repository AND rb.digest IN (:...digests)', { repository, digests })
      .getRawMany<{ digest: string }>();
    return new Set(rows.map((r) => r.digest));
  }

  /** Records a blob; a row for the digest that already exists is kept as it is. */
  async insert(blob: BlobRecord, em: EntityManager = this.dataSource.manager): Promise<void> {
    await em
      .createQueryBuilder()
      .insert()
      .into(BlobEntity)
      .values({ digest: blob.digest, size: blob.size, storageKey: blob.storageKey, createdAt: () => 'now()' })
      .orIgnore()
      .execute();
  }

  /** Lets `repository` read the blob (idempotent). Fails with a foreign-key violation when the blob row is gone. */
  async link(repository: string, digest: string, em: EntityManager = this.dataSource.manager): Promise<void> {
    await em
      .createQueryBuilder()
      .insert()
      .into(RepositoryBlobEntity)
      .values({ repository, digest, createdAt: () => 'now()' })
      .orIgnore()
      .execute();
  }

  /** Removes the link; false when there was none. */
  async unlink(
    repository: string,
    digest: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const result = await em
      .createQueryBuilder()
      .delete()
      .from(RepositoryBlobEntity)
      .where({ repository, digest })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}

function toRecord(row: BlobEntity): BlobRecord {
  return { digest: row.digest, size: row.size, storageKey: row.storageKey };
}
