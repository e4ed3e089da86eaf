import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HealthService } from '@berth/grpc';
import type { ChangeEvent } from '@berth/queue';
import type { Redis } from 'ioredis';
import type { EventPublisher } from './event-publisher';

/** Injection tokens of the publisher's Redis connection and channel name. */
export const EVENTS_REDIS = Symbol('EVENTS_REDIS');
export const EVENTS_CHANNEL = Symbol('EVENTS_CHANNEL');

/** Gives up on a publish that Redis does not answer within this time (the outbox keeps the events). */
const PUBLISH_TIMEOUT_MS = 5_000;

/**
 * Publishes change events as JSON on the Redis pub/sub channel, in one
 * MULTI/EXEC per batch. The connection has no offline queue: while Redis is
 * away a publish fails at once and the events stay in the outbox.
 */
@Injectable()
export class RedisEventPublisher implements EventPublisher, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('EventPublisher');
  private lastError?: string;

  constructor(
    @Inject(EVENTS_REDIS) private readonly redis: Redis,
    @Inject(EVENTS_CHANNEL) private readonly channel: string,
    private readonly health: HealthService,
  ) {
    this.redis.on('error', (err: Error) => {
      // ioredis reconnects by itself; say so once per distinct failure rather than every retry.
      if (err.message !== this.lastError) this.logger.warn(`redis: ${err.message}`);
      this.lastError = err.message;
    });
    this.redis.on('ready', () => {
      if (this.lastError !== undefined) this.logger.log('redis: connected again');
      this.lastError = undefined;
    });
  }

  onModuleInit(): void {
    this.health.register('redis', async () => {
      const pong = await this.redis.ping();
      if (pong !== 'PONG') throw new Error(`unexpected PING answer ${pong}`);
    });
  }

  async publish(events: ChangeEvent[]): Promise<void> {
    if (events.length === 0) return;
    if (this.redis.status !== 'ready') throw new Error(`redis is not connected (${this.redis.status})`);
    const commands = events.map((event) => ['publish', this.channel, JSON.stringify(event)]);
    const results = await withTimeout(this.redis.multi(commands).exec(), PUBLISH_TIMEOUT_MS);
    if (results === null) throw new Error('redis aborted the publish transaction');
    const failed = results.find(([err]) => err !== null);
    if (failed) throw failed[0] as Error;
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis did not answer within ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (err: unknown) => (clearTimeout(timer), reject(err)),
    );
  });
}
