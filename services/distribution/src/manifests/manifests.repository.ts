import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@berth/db';
import type { DataSource, EntityManager } from 'typeorm';
import { ManifestEntity } from './manifest.entity';
import { RepositoryManifestEntity } from './repository-manifest.entity';

/** A stored manifest as the service works with it (never the ORM entity). */
export interface ManifestRecord {
  digest: string;
  mediaType: string;
  size: number;
  storageKey: string;
}

/** Manifest rows and repository → manifest links. */
@Injectable()
export class ManifestsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** The manifest when `repository` holds it: one primary-key lookup joined to the manifest row. */
  async findLinked(repository: string, digest: string): Promise<ManifestRecord | null> {
    const row = await this.dataSource.manager
      .createQueryBuilder(ManifestEntity, 'm')
      .innerJoin(RepositoryManifestEntity, 'rm', 'rm.digest = m.digest')
      .where('rm.repository = :repository AND rm.digest = :digest', { repository, digest })
      .getOne();
    return row ? toRecord(row) : null;
  }

  /** Whether a manifest row exists for the digest (then its bytes are stored). */
  async exists(digest: string): Promise<boolean> {
    return this.dataSource.manager
      .createQueryBuilder(ManifestEntity, 'm')
      .where('m.digest = :digest', { digest })
      .getExists();
  }

  /** Which of `digests` `repository` holds. */
  async linkedDigests(repository: string, digests: readonly string[]): Promise<Set<string>> {
    if (digests.length === 0) return new Set();
    const rows = await this.dataSource.manager
      .createQueryBuilder(RepositoryManifestEntity, 'rm')
      .select('rm.digest', 'digest')
      .where('rm.repository = :repository AND rm.digest IN (:...digests)', { repository, digests })
      .getRawMany<{ digest: string }>();
    return new Set(rows.map((r) => r.digest));
  }

  /** Records the manifest (kept as it is when the digest exists) and links it to `repository`, in one transaction. */
  async insertAndLink(repository: string, manifest: ManifestRecord): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await em
        .createQueryBuilder()
        .insert()
        .into(ManifestEntity)
        .values({ ...manifest, createdAt: () => 'now()' })
        .orIgnore()
        .execute();
      await em
        .createQueryBuilder()
        .insert()
        .into(RepositoryManifestEntity)
        .values({ repository, digest: manifest.digest, createdAt: () => 'now()' })
        .orIgnore()
        .execute();
    });
  }

  /**
   * Removes the link inside a transaction and runs `then` before committing; a failure in `then`
   * restores the link. False (and `then` not run) when there was no link.
   */
  async unlinkThen(repository: string, digest: string, then: () => Promise<void>): Promise<boolean> {
    return this.dataSource.transaction(async (em: EntityManager) => {
      const result = await em
        .createQueryBuilder()
        .delete()
        .from(RepositoryManifestEntity)
        .where({ repository, digest })
        .execute();
      if ((result.affected ?? 0) === 0) return false;
      await then();
      return true;
    });
  }
}

function toRecord(row: ManifestEntity): ManifestRecord {
  return { digest: row.digest, mediaType: row.mediaType, size: row.size, storageKey: row.storageKey };
}
