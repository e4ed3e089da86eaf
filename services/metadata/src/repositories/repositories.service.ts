import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@berth/db';
import { BerthError, ErrorCode } from '@berth/errors';
import type { DataSource } from 'typeorm';
import type { Page, PageRequest } from '../common/page';
import { checkLimit, checkRepositoryName } from '../common/validation';
import { OutboxRelay } from '../events/outbox-relay';
import { OutboxRepository } from '../events/outbox.repository';
import { RepositoriesRepository, type RepositorySummary } from './repositories.repository';

/** One path component of the OCI name grammar: what a namespace (project) is named. */
const NAMESPACE = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;

/**
 * The catalog. A repository exists once an image was recorded in it and is kept when its
 * images are deleted, so it keeps being listed (as in CNCF distribution); it goes only when
 * deleted as a whole (its project was deleted).
 */
@Injectable()
export class RepositoriesService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly repositories: RepositoriesRepository,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelay,
  ) {}

  async listRepositories(page: PageRequest, namespace?: string): Promise<Page> {
    checkLimit(page.limit);
    if (namespace !== undefined && !NAMESPACE.test(namespace)) {
      throw new BerthError(
        ErrorCode.INVALID_ARGUMENT,
        `invalid namespace ${JSON.stringify(namespace.slice(0, 256))}`,
      );
    }
    return this.repositories.list(page, namespace);
  }

  async getRepository(name: string): Promise<RepositorySummary> {
    checkRepositoryName(name);
    const found = await this.repositories.describe(name);
    if (!found) throw unknownRepository(name);
    return found;
  }

  /**
   * Deletes a repository with its images, tags and tag history in one transaction, and
   * publishes `repository.deleted` (with the digests and tags, for caches). Returns the number
   * of images deleted.
   */
  async deleteRepository(name: string): Promise<number> {
    checkRepositoryName(name);
    const deleted = await this.ds.transaction(async (manager) => {
      const target = await this.repositories.lockForDelete(manager, name);
      if (!target) throw unknownRepository(name);
      await this.repositories.delete(manager, target.id);
      await this.outbox.append(manager, [
        { type: 'repository.deleted', repository: name, digests: target.digests, tags: target.tags },
      ]);
      return target.digests.length;
    });
    this.relay.kick();
    return deleted;
  }
}

function unknownRepository(name: string): BerthError {
  return new BerthError(ErrorCode.NAME_UNKNOWN, `repository ${name} is not known`, { repository: name });
}
