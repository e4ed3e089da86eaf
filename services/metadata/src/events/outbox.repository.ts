import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE, runSql } from '@berth/db';
import type { ChangeEvent } from '@berth/queue';
import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { TABLES } from '../common/tables';
import { OutboxEntity } from './outbox.entity';

/** Transaction-scoped advisory lock held by the one replica publishing at a time (keeps global id order). */
const RELAY_LOCK_ID = BigInt.asIntN(
  64,
  BigInt('0x' + createHash('sha256').update('berth-metadata-outbox-relay').digest('hex').slice(0, 16)),
).toString();

/** Data access for the event outbox. */
@Injectable()
export class OutboxRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  /** Appends events inside the caller's transaction, in order. */
  async append(manager: EntityManager, events: ChangeEvent[]): Promise<void> {
    if (events.length === 0) return;
    await manager.getRepository(OutboxEntity).insert(events.map((event) => ({ event })));
  }

  /**
   * Claims up to `limit` unpublished events in id order, hands them to `publish`
   * and marks them published, all in one transaction: when `publish` fails the
   * rows stay unpublished for the next attempt (delivery is at least once).
   * Rows are claimed FOR UPDATE SKIP LOCKED, and only the replica holding the
   * relay's advisory lock publishes, so replicas neither double-publish nor
   * reorder. Returns how many events were published (0 when another replica is busy).
   */
  async publishBatch(limit: number, publish: (events: ChangeEvent[]) => Promise<void>): Promise<number> {
    return this.ds.transaction(async (manager) => {
      const lock = await runSql<{ locked: boolean }>(
        manager,
        'SELECT pg_try_advisory_xact_lock($1::bigint) AS "locked"',
        [RELAY_LOCK_ID],
      );
      if (!lock.rows[0].locked) return 0;
      const { rows } = await runSql<{ id: string; event: ChangeEvent }>(
        manager,
        `SELECT "id", "event" FROM ${TABLES.outbox}
          WHERE "published_at" IS NULL
          ORDER BY "id"
          LIMIT $1
          FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return 0;
      await publish(rows.map((r) => r.event));
      await runSql(
        manager,
        `UPDATE ${TABLES.outbox} SET "published_at" = now() WHERE "id" = ANY($1::bigint[])`,
        [rows.map((r) => r.id)],
      );
      return rows.length;
    });
  }

  /** Deletes events published more than `olderThanSeconds` ago; returns how many. */
  async purgePublished(olderThanSeconds: number): Promise<number> {
    const { affected } = await runSql(
      this.ds.manager,
      `DELETE FROM ${TABLES.outbox} WHERE "published_at" < now() - make_interval(secs => $1)`,
      [olderThanSeconds],
    );
    return affected;
  }

  /** How many events wait to be published. */
  async countUnpublished(): Promise<number> {
    const { rows } = await runSql<{ count: string }>(
      this.ds.manager,
      `SELECT count(*) AS "count" FROM ${TABLES.outbox} WHERE "published_at" IS NULL`,
    );
    return Number(rows[0].count);
  }
}
