import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@berth/db';
import { BerthError, ErrorCode } from '@berth/errors';
import type { DataSource } from 'typeorm';
import type { Page, PageRequest } from '../common/page';
import { checkLimit, checkRepositoryName, checkTag } from '../common/validation';
import { OutboxRelay } from '../events/outbox-relay';
import { OutboxRepository } from '../events/outbox.repository';
import { RepositoriesRepository } from '../repositories/repositories.repository';
import { TagEventsRepository } from './tag-events.repository';
import type { ResolvedTag, TagHistoryEntry } from './tag.types';
import { TagsRepository } from './tags.repository';

/** Tags: resolution (the pull hot path), listing, deletion and history. */
@Injectable()
export class TagsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly repositories: RepositoriesRepository,
    private readonly tags: TagsRepository,
    private readonly tagEvents: TagEventsRepository,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelay,
  ) {}

  /** MANIFEST_UNKNOWN when the repository or the tag does not exist. */
  async resolveTag(repository: string, tag: string): Promise<ResolvedTag> {
    checkRepositoryName(repository);
    checkTag(tag);
    const resolved = await this.tags.resolve(repository, tag);
    if (!resolved) throw manifestUnknown(repository, tag);
    return resolved;
  }

  /** Tags in byte-lexical order; NAME_UNKNOWN when the repository does not exist. */
  async listTags(repository: string, page: PageRequest): Promise<Page> {
    checkRepositoryName(repository);
    checkLimit(page.limit);
    const repositoryId = await this.requireRepository(repository);
    return this.tags.list(repositoryId, page);
  }

  /** Removes a tag (a 'delete' event in its history); returns the digest it pointed at. */
  async deleteTag(repository: string, tag: string, actor: string): Promise<string> {
    checkRepositoryName(repository);
    checkTag(tag);
    const digest = await this.ds.transaction(async (manager) => {
      const repositoryId = await this.repositories.findId(repository, manager);
      const removed =
        repositoryId === undefined ? undefined : await this.tags.remove(manager, repositoryId, tag);
      if (repositoryId === undefined || removed === undefined) throw manifestUnknown(repository, tag);
      await this.tagEvents.append(manager, [
        { repositoryId, tag, action: 'delete', previousDigest: removed, actor },
      ]);
      await this.outbox.append(manager, [{ type: 'tag.deleted', repository, tag, digest: removed }]);
      return removed;
    });
    this.relay.kick();
    return digest;
  }

  /**
   * A tag's events, newest first (all of them when `limit` is undefined).
   * NAME_UNKNOWN when the repository does not exist; an empty list for a tag
   * that never existed.
   */
  async tagHistory(repository: string, tag: string, limit?: number): Promise<TagHistoryEntry[]> {
    checkRepositoryName(repository);
    checkTag(tag);
    checkLimit(limit);
    const repositoryId = await this.requireRepository(repository);
    return this.tagEvents.history(repositoryId, tag, limit);
  }

  private async requireRepository(repository: string): Promise<string> {
    const id = await this.repositories.findId(repository);
    if (id === undefined) {
      throw new BerthError(ErrorCode.NAME_UNKNOWN, `repository ${repository} is not known to the registry`, {
        name: repository,
      });
    }
    return id;
  }
}

function manifestUnknown(repository: string, tag: string): BerthError {
  return new BerthError(ErrorCode.MANIFEST_UNKNOWN, `tag ${tag} is not known in repository ${repository}`, {
    repository,
    tag,
  });
}
