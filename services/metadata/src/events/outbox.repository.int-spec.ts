import 'reflect-metadata';
import { openServiceDataSource } from '@berth/db';
import type { ChangeEvent } from '@berth/queue';
import type { DataSource } from 'typeorm';
import { METADATA_ENTITIES } from '../common/entities';
import { METADATA_SCHEMA } from '../common/tables';
import { METADATA_MIGRATIONS } from '../migrations';
import { createTestDatabase, type TestDatabase } from '../../test/test-environment';
import { OutboxRepository } from './outbox.repository';

const event = (i: number): ChangeEvent => ({
  type: 'image.recorded',
  repository: 'team/app',
  digest: `sha256:${i}`,
});
const digests = (events: ChangeEvent[]): string[] => events.map((e) => (e as { digest: string }).digest);

describe('OutboxRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let outbox: OutboxRepository;

  beforeAll(async () => {
    db = await createTestDatabase('berth_metadata_outbox');
    ds = await openServiceDataSource({
      url: db.url,
      schema: METADATA_SCHEMA,
      entities: METADATA_ENTITIES,
      migrations: METADATA_MIGRATIONS,
    });
    outbox = new OutboxRepository(ds);
  }, 60_000);

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  beforeEach(async () => {
    await ds.query('DELETE FROM "metadata"."outbox"');
  });

  it('leaves events unpublished when publishing fails, then publishes them in id order', async () => {
    await ds.transaction((m) => outbox.append(m, [event(1), event(2), event(3)]));
    await expect(
      outbox.publishBatch(10, async () => {
        throw new Error('redis is away');
      }),
    ).rejects.toThrow('redis is away');
    expect(await outbox.countUnpublished()).toBe(3);

    const published: ChangeEvent[] = [];
    expect(await outbox.publishBatch(2, async (events) => void published.push(...events))).toBe(2);
    expect(await outbox.publishBatch(2, async (events) => void published.push(...events))).toBe(1);
    expect(await outbox.publishBatch(2, async (events) => void published.push(...events))).toBe(0);
    expect(digests(published)).toEqual(['sha256:1', 'sha256:2', 'sha256:3']);
    expect(await outbox.countUnpublished()).toBe(0);
  });

  it('does not keep events of a transaction that rolled back', async () => {
    await expect(
      ds.transaction(async (m) => {
        await outbox.append(m, [event(9)]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await outbox.countUnpublished()).toBe(0);
  });

  it('never publishes an event twice when relays race', async () => {
    await ds.transaction((m) =>
      outbox.append(
        m,
        Array.from({ length: 50 }, (_, i) => event(i)),
      ),
    );
    const published: ChangeEvent[] = [];
    const slowPublish = async (events: ChangeEvent[]) => {
      await new Promise((r) => setTimeout(r, 20));
      published.push(...events);
    };
    // Each racer publishes until the outbox is empty, backing off while another holds the relay lock.
    const drain = async () => {
      const deadline = Date.now() + 20_000;
      while ((await outbox.countUnpublished()) > 0 && Date.now() < deadline) {
        if ((await outbox.publishBatch(7, slowPublish)) === 0) await new Promise((r) => setTimeout(r, 5));
      }
    };
    await Promise.all([drain(), drain(), drain()]);
    expect(digests(published)).toEqual(Array.from({ length: 50 }, (_, i) => `sha256:${i}`));
  });

  it('purges published events older than the retention only', async () => {
    await ds.transaction((m) => outbox.append(m, [event(1), event(2), event(3)]));
    await outbox.publishBatch(2, async () => undefined);
    await ds.query(
      `UPDATE "metadata"."outbox" SET "published_at" = now() - interval '2 days'
        WHERE "id" = (SELECT min("id") FROM "metadata"."outbox")`,
    );
    expect(await outbox.purgePublished(24 * 60 * 60)).toBe(1);
    const rows: Array<{ published: boolean }> = await ds.query(
      `SELECT "published_at" IS NOT NULL AS "published" FROM "metadata"."outbox" ORDER BY "id"`,
    );
    expect(rows).toEqual([{ published: true }, { published: false }]);
  });
});
