import {
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { HealthService } from '@berth/grpc';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { QueueName } from './queue-names';
import { createRedisConnection } from './redis-connection';

export const REDIS_CONNECTION = Symbol('REDIS_CONNECTION');
export const QUEUE = Symbol('QUEUE');

export interface QueueModuleOptions {
  redisUrl: string;
  prefix: string;
  queue: QueueName;
}

@Injectable()
class QueueLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Queue');
  constructor(
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
    @Inject(QUEUE) private readonly queue: Queue,
    private readonly health: HealthService,
  ) {}

  async onModuleInit(): Promise<void> {
    this.health.register('redis', async () => {
      const pong = await this.redis.ping();
      if (pong !== 'PONG') throw new Error(`unexpected PING answer ${pong}`);
    });
    await this.queue.waitUntilReady();
    this.logger.log(`connected to queue ${this.queue.name}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
    this.redis.disconnect();
  }
}

/** A service's connection to its BullMQ queue, with a Redis readiness check. */
@Module({})
export class QueueModule {
  static forQueue(options: () => QueueModuleOptions): DynamicModule {
    return {
      module: QueueModule,
      providers: [
        { provide: REDIS_CONNECTION, useFactory: () => createRedisConnection(options().redisUrl) },
        {
          provide: QUEUE,
          inject: [REDIS_CONNECTION],
          useFactory: (connection: Redis) => {
            const o = options();
            return new Queue(o.queue, { connection, prefix: `${o.prefix}:bull` });
          },
        },
        QueueLifecycle,
      ],
      exports: [REDIS_CONNECTION, QUEUE],
    };
  }
}
