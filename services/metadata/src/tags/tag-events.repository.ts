import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@berth/db';
import type { DataSource, EntityManager } from 'typeorm';
import { TagEventEntity } from './tag-event.entity';
import type { NewTagEvent, TagHistoryEntry } from './tag.types';

/** Data access for tag history (append-only). */
@Injectable()
export class TagEventsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async append(manager: EntityManager, events: NewTagEvent[]): Promise<void> {
    if (events.length === 0) return;
    await manager.getRepository(TagEventEntity).insert(
      events.map((e) => ({
        repositoryId: e.repositoryId,
        tag: e.tag,
        action: e.action,
        digest: e.digest ?? null,
        previousDigest: e.previousDigest ?? null,
        actor: e.actor,
      })),
    );
  }

  /** A tag's events, newest first; all of them when `limit` is undefined. */
  async history(repositoryId: string, tag: string, limit?: number): Promise<TagHistoryEntry[]> {
    if (limit === 0) return [];
    const rows = await this.ds.getRepository(TagEventEntity).find({
      where: { repositoryId, tag },
      order: { id: 'DESC' },
      take: limit,
    });
    return rows.map((r) => ({
      digest: r.digest ?? undefined,
      action: r.action,
      actor: r.actor,
      createdAt: r.createdAt,
    }));
  }
}
