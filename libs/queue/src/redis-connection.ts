import IORedis, { type Redis, type RedisOptions } from 'ioredis';

/**
 * An ioredis connection suitable for BullMQ (which needs
 * maxRetriesPerRequest: null) and for plain use.
 */
export function createRedisConnection(url: string, options: RedisOptions = {}): Redis {
  return new IORedis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    ...options,
  });
}
