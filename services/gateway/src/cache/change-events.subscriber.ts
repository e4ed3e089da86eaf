import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { changeEventsChannel, createRedisConnection, type ChangeEvent } from '@berth/queue';
import type { Redis } from 'ioredis';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import { CatalogCache } from './catalog-cache';
import { ManifestCache } from './manifest-cache';
import { TagListCache } from './tag-list-cache';
import { TagCache } from './tag-cache';

/** The caches change events keep fresh. */
export interface GatewayCaches {
  tags: TagCache;
  tagLists: TagListCache;
  catalog: CatalogCache;
  manifests: ManifestCache;
}

/** Applies one change event to the caches. */
export function applyChangeEvent(
  event: ChangeEvent,
  { tags, tagLists, catalog, manifests }: GatewayCaches,
): void {
  switch (event.type) {
    case 'tag.updated':
    case 'tag.deleted':
      tags.invalidate(event.repository, event.tag);
      tagLists.invalidateRepository(event.repository);
      return;
    case 'image.deleted':
      manifests.invalidate(event.repository, event.digest);
      tagLists.invalidateRepository(event.repository);
      tags.invalidateDigest(event.repository, event.digest);
      for (const tag of event.removedTags ?? []) tags.invalidate(event.repository, tag);
      return;
    case 'repository.created':
      catalog.invalidate();
      return;
    case 'repository.deleted':
      catalog.invalidate();
      tagLists.invalidateRepository(event.repository);
      for (const digest of event.digests ?? []) {
        manifests.invalidate(event.repository, digest);
        tags.invalidateDigest(event.repository, digest);
      }
      for (const tag of event.tags ?? []) tags.invalidate(event.repository, tag);
      return;
    case 'image.recorded':
      return;
  }
}

/**
 * Listens to the change events metadata publishes (Redis pub/sub) and invalidates the tag and
 * manifest caches, so a tag moved through another replica is seen here at once. While the
 * connection is down events may be lost: on every reconnection the tag caches are cleared (manifests
 * only change by deletion, which their TTL bounds). Redis being down never fails a request.
 */
@Injectable()
export class ChangeEventsSubscriber implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ChangeEventsSubscriber.name);
  private redis: Redis | undefined;
  private connectedOnce = false;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly tags: TagCache,
    private readonly tagLists: TagListCache,
    private readonly catalog: CatalogCache,
    private readonly manifests: ManifestCache,
  ) {}

  onModuleInit(): void {
    const channel = changeEventsChannel(this.config.BERTH_REDIS_PREFIX);
    const redis = createRedisConnection(this.config.BERTH_REDIS_URL);
    this.redis = redis;
    redis.on('ready', () => {
      if (this.connectedOnce) {
        this.tags.clear();
        this.tagLists.clear();
        this.catalog.invalidate();
        this.logger.log('change events: reconnected, tag and catalog caches cleared');
      }
      this.connectedOnce = true;
    });
    redis.on('error', (err: Error) => this.logger.warn(`change events: ${err.message}`));
    redis.on('message', (ch: string, message: string) => {
      if (ch === channel) this.onMessage(message);
    });
    // Queued until the connection is ready (ioredis' offline queue); re-sent after reconnections.
    redis
      .subscribe(channel)
      .catch((err: Error) => this.logger.warn(`change events: subscribe failed: ${err.message}`));
  }

  onApplicationShutdown(): void {
    // A subscriber has nothing to flush: drop the connection (also when it never connected).
    this.redis?.disconnect();
    this.redis = undefined;
  }

  private onMessage(message: string): void {
    let event: ChangeEvent;
    try {
      event = JSON.parse(message) as ChangeEvent;
    } catch {
      this.logger.warn('change events: ignoring a message that is not JSON');
      return;
    }
    if (!event || typeof event !== 'object' || typeof event.repository !== 'string') return;
    applyChangeEvent(event, {
      tags: this.tags,
      tagLists: this.tagLists,
      catalog: this.catalog,
      manifests: this.manifests,
    });
  }
}
