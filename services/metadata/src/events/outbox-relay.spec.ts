import { Logger } from '@nestjs/common';
import type { ChangeEvent } from '@berth/queue';
import type { EventPublisher } from './event-publisher';
import { OUTBOX_BATCH_SIZE, OutboxRelay } from './outbox-relay';
import type { OutboxRepository } from './outbox.repository';

/** An in-memory outbox with the repository's publishBatch contract. */
class FakeOutbox {
  pending: ChangeEvent[] = [];
  purges = 0;
  async publishBatch(limit: number, publish: (events: ChangeEvent[]) => Promise<void>): Promise<number> {
    const batch = this.pending.slice(0, limit);
    if (batch.length === 0) return 0;
    await publish(batch);
    this.pending.splice(0, batch.length);
    return batch.length;
  }
  async purgePublished(): Promise<number> {
    this.purges++;
    return 0;
  }
}

class FakePublisher implements EventPublisher {
  published: ChangeEvent[] = [];
  down = false;
  async publish(events: ChangeEvent[]): Promise<void> {
    if (this.down) throw new Error('redis is not connected');
    this.published.push(...events);
  }
}

const event = (i: number): ChangeEvent => ({
  type: 'image.recorded',
  repository: 'team/app',
  digest: `d${i}`,
});

describe('OutboxRelay', () => {
  let outbox: FakeOutbox;
  let publisher: FakePublisher;
  let relay: OutboxRelay;

  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    outbox = new FakeOutbox();
    publisher = new FakePublisher();
    relay = new OutboxRelay(outbox as unknown as OutboxRepository, publisher);
  });

  afterEach(async () => {
    await relay.onModuleDestroy();
    jest.restoreAllMocks();
  });

  it('drains the outbox in order, batch after batch', async () => {
    outbox.pending = Array.from({ length: OUTBOX_BATCH_SIZE * 2 + 5 }, (_, i) => event(i));
    await relay.run();
    expect(publisher.published.map((e) => (e as { digest: string }).digest)).toEqual(
      Array.from({ length: OUTBOX_BATCH_SIZE * 2 + 5 }, (_, i) => `d${i}`),
    );
    expect(outbox.pending).toEqual([]);
    expect(outbox.purges).toBe(1);
  });

  it('keeps the events while publishing fails, warns once, and publishes them later', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    outbox.pending = [event(1), event(2)];
    publisher.down = true;
    await relay.run();
    await relay.run();
    expect(outbox.pending).toHaveLength(2);
    expect(warn).toHaveBeenCalledTimes(1);

    publisher.down = false;
    await relay.run();
    expect(publisher.published).toEqual([event(1), event(2)]);
    expect(outbox.pending).toEqual([]);
  });

  it('runs once more when kicked during a run, never twice at once', async () => {
    let concurrent = 0;
    let maxConcurrent = 0;
    let runs = 0;
    jest.spyOn(outbox, 'publishBatch').mockImplementation(async () => {
      runs++;
      concurrent++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      await new Promise((r) => setTimeout(r, 10));
      concurrent--;
      return 0;
    });
    relay.kick();
    relay.kick();
    relay.kick();
    await new Promise((r) => setTimeout(r, 60));
    expect(maxConcurrent).toBe(1);
    expect(runs).toBe(2);
  });

  it('does nothing once stopped', async () => {
    await relay.onModuleDestroy();
    outbox.pending = [event(1)];
    relay.kick();
    await new Promise((r) => setTimeout(r, 10));
    expect(publisher.published).toEqual([]);
  });
});
