import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { jestWorkerId, requireTestEnv, TEST_ENV } from './test-env';

/** URL (`redis://host:port`) of the Redis server started by the integration global setup. */
export function testRedisUrl(): string {
  return requireTestEnv(TEST_ENV.redisUrl);
}

/**
 * A fresh key prefix, unique across Jest workers and calls:
 * `berth_test_<worker>_<random>` (no trailing separator). All workers share
 * one Redis server, so keep every key under such a prefix:
 *
 *   new Queue('gc', { connection, prefix })       // BullMQ: keys `<prefix>:gc:...`
 *   new Redis(url, { keyPrefix: `${prefix}:` })    // ioredis: keys `<prefix>:...`
 */
export function testRedisPrefix(): string {
  return `berth_test_${jestWorkerId()}_${randomBytes(4).toString('hex')}`;
}

/** Deletes every key that starts with `prefix` from the test Redis; returns how many were deleted. */
export async function clearRedisPrefix(prefix: string): Promise<number> {
  if (!/^[A-Za-z0-9_:.-]+$/.test(prefix)) {
    throw new Error(`refusing to clear Redis keys for the unsafe prefix ${JSON.stringify(prefix)}`);
  }
  const redis = new Redis(testRedisUrl(), { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  try {
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) {
        deleted += await redis.unlink(...keys);
      }
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}
