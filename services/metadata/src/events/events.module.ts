import { type DynamicModule, Module } from '@nestjs/common';
import { changeEventsChannel, createRedisConnection } from '@berth/queue';
import { EVENT_PUBLISHER } from './event-publisher';
import { OutboxRelay } from './outbox-relay';
import { OutboxRepository } from './outbox.repository';
import { EVENTS_CHANNEL, EVENTS_REDIS, RedisEventPublisher } from './redis-event-publisher';

export interface EventsModuleOptions {
  redisUrl: string;
  /** BERTH_REDIS_PREFIX: events go to `changeEventsChannel(prefix)`. */
  prefix: string;
}

/**
 * The event outbox and its relay to Redis pub/sub. Global: the feature modules
 * append to the outbox in their transactions and kick the relay after commit.
 */
@Module({})
export class EventsModule {
  static forRedis(options: () => EventsModuleOptions): DynamicModule {
    return {
      module: EventsModule,
      global: true,
      providers: [
        {
          provide: EVENTS_REDIS,
          // No offline queue and one try per command: while Redis is away a publish
          // fails at once instead of piling up; the outbox keeps the events.
          useFactory: () =>
            createRedisConnection(options().redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }),
        },
        { provide: EVENTS_CHANNEL, useFactory: () => changeEventsChannel(options().prefix) },
        { provide: EVENT_PUBLISHER, useClass: RedisEventPublisher },
        OutboxRepository,
        OutboxRelay,
      ],
      exports: [OutboxRepository, OutboxRelay],
    };
  }
}
