import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { EVENT_PUBLISHER, type EventPublisher } from './event-publisher';
import { OutboxRepository } from './outbox.repository';

/** Safety net: how often the relay looks for events left unpublished (a crash, Redis away). */
export const OUTBOX_POLL_MS = 1_000;
/** Events claimed and published per transaction. */
export const OUTBOX_BATCH_SIZE = 100;
/** Published events are kept this long (for inspection), then deleted. */
export const OUTBOX_RETENTION_SECONDS = 24 * 60 * 60;
/** How often published events past retention are deleted. */
const PURGE_EVERY_MS = 60_000;

/**
 * Publishes committed outbox events. Services call `kick()` after each committing
 * transaction; a 1 s poll catches whatever is left (events of a crashed replica,
 * events written while Redis was away). Runs never overlap within a process; a
 * kick during a run schedules one more run.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('OutboxRelay');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private rerun = false;
  private stopped = false;
  private failing = false;
  private lastPurge = 0;

  constructor(
    private readonly outbox: OutboxRepository,
    @Inject(EVENT_PUBLISHER) private readonly publisher: EventPublisher,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), OUTBOX_POLL_MS);
    this.timer.unref();
    this.kick();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Asks for a run soon; never throws, never waits. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.running = this.run().finally(() => {
      this.running = undefined;
      if (this.rerun) {
        this.rerun = false;
        this.kick();
      }
    });
  }

  /** One run: publishes until the outbox is drained, then purges old events when due. Resolves when done. */
  async run(): Promise<void> {
    try {
      let published: number;
      do {
        published = await this.outbox.publishBatch(OUTBOX_BATCH_SIZE, (events) =>
          this.publisher.publish(events),
        );
      } while (published === OUTBOX_BATCH_SIZE && !this.stopped);
      if (this.failing) this.logger.log('publishing change events again');
      this.failing = false;
      await this.purgeWhenDue();
    } catch (err) {
      // The events stay in the outbox; the poll retries. Say so once, not every second.
      if (!this.failing)
        this.logger.warn(`cannot publish change events, will retry: ${(err as Error).message}`);
      this.failing = true;
    }
  }

  private async purgeWhenDue(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    const purged = await this.outbox.purgePublished(OUTBOX_RETENTION_SECONDS);
    if (purged > 0) this.logger.log(`deleted ${purged} published change events older than a day`);
  }
}
