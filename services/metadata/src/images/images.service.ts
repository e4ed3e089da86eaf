import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@berth/db';
import { BerthError, ErrorCode } from '@berth/errors';
import type { ChangeEvent } from '@berth/queue';
import type { DataSource } from 'typeorm';
import { checkDescriptor, checkDigest, checkRepositoryName, checkTag } from '../common/validation';
import { OutboxRelay } from '../events/outbox-relay';
import { OutboxRepository } from '../events/outbox.repository';
import { RepositoriesRepository } from '../repositories/repositories.repository';
import { TagEventsRepository } from '../tags/tag-events.repository';
import { TagsRepository } from '../tags/tags.repository';
import type { TagMove } from '../tags/tag.types';
import type { ImageReference, RecordImageInput, RecordImageResult } from './image.types';
import { ImagesRepository } from './images.repository';

/** Records and deletes images: repository, image row, reference graph, tag, history and outbox in one transaction each. */
@Injectable()
export class ImagesService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly repositories: RepositoriesRepository,
    private readonly images: ImagesRepository,
    private readonly tags: TagsRepository,
    private readonly tagEvents: TagEventsRepository,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelay,
  ) {}

  async recordImage(input: RecordImageInput): Promise<RecordImageResult> {
    checkRecordImageInput(input);
    const { repository, manifest, tag, actor } = input;
    const { result, events } = await this.ds.transaction(async (manager) => {
      const repo = await this.repositories.ensure(manager, repository);
      const { inserted } = await this.images.upsert(manager, repo.id, {
        digest: manifest.digest,
        mediaType: manifest.mediaType,
        size: manifest.size,
        artifactType: manifest.artifactType,
        configDigest: input.config?.digest,
        configMediaType: input.config?.mediaType,
        subjectDigest: input.subject,
        annotations: manifest.annotations,
        platform: manifest.platform,
        pushedBy: actor,
      });
      await this.images.addReferences(manager, repo.id, manifest.digest, referencesOf(input));

      let move: TagMove = { changed: false };
      if (tag !== undefined) {
        move = await this.tags.point(manager, repo.id, tag, manifest.digest);
        if (move.changed) {
          await this.tagEvents.append(manager, [
            {
              repositoryId: repo.id,
              tag,
              action: 'push',
              digest: manifest.digest,
              previousDigest: move.previousDigest,
              actor,
            },
          ]);
        }
      }

      const changes: ChangeEvent[] = [];
      if (repo.created) changes.push({ type: 'repository.created', repository });
      if (inserted) changes.push({ type: 'image.recorded', repository, digest: manifest.digest });
      if (tag !== undefined && move.changed) {
        changes.push({
          type: 'tag.updated',
          repository,
          tag,
          digest: manifest.digest,
          ...(move.previousDigest !== undefined && { previousDigest: move.previousDigest }),
        });
      }
      await this.outbox.append(manager, changes);
      return {
        result: { repositoryCreated: repo.created, previousDigest: move.previousDigest },
        events: changes.length,
      };
    });
    if (events > 0) this.relay.kick();
    return result;
  }

  /**
   * Deletes an image with every tag pointing at it (each recorded as an
   * 'image-delete' tag event); its referrer entry and references go with it.
   * The repository stays (and stays in the catalog), as in CNCF distribution.
   * Returns the removed tags, sorted.
   */
  async deleteImage(repository: string, digest: string, actor: string): Promise<string[]> {
    checkRepositoryName(repository);
    checkDigest(digest);
    const removedTags = await this.ds.transaction(async (manager) => {
      const repositoryId = await this.repositories.findId(repository, manager);
      if (repositoryId === undefined || !(await this.images.lock(manager, repositoryId, digest))) {
        throw new BerthError(
          ErrorCode.MANIFEST_UNKNOWN,
          `manifest ${digest} is not known in repository ${repository}`,
          {
            repository,
            digest,
          },
        );
      }
      const removed = await this.tags.removeByDigest(manager, repositoryId, digest);
      await this.tagEvents.append(
        manager,
        removed.map((tag) => ({
          repositoryId,
          tag,
          action: 'image-delete' as const,
          previousDigest: digest,
          actor,
        })),
      );
      await this.images.delete(manager, repositoryId, digest);
      await this.outbox.append(manager, [
        { type: 'image.deleted', repository, digest, removedTags: removed },
      ]);
      return removed;
    });
    this.relay.kick();
    return removedTags;
  }
}

function checkRecordImageInput(input: RecordImageInput): void {
  checkRepositoryName(input.repository);
  checkDescriptor(input.manifest, 'manifest');
  if (input.tag !== undefined) checkTag(input.tag);
  if (input.subject !== undefined) checkDigest(input.subject);
  if (input.config) checkDescriptor(input.config, 'config');
  for (const layer of input.layers) checkDescriptor(layer, 'layer');
  for (const child of input.manifests) checkDescriptor(child, 'child manifest');
}

/** The edges of the reference graph a manifest contributes (its subject is not one: a referrer does not keep its subject alive). */
function referencesOf(input: RecordImageInput): ImageReference[] {
  return [
    ...(input.config ? [{ kind: 'config' as const, digest: input.config.digest }] : []),
    ...input.layers.map((l) => ({ kind: 'blob' as const, digest: l.digest })),
    ...input.manifests.map((m) => ({ kind: 'manifest' as const, digest: m.digest })),
  ];
}
