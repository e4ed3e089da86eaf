// Names shared by the integration global setup (which starts PostgreSQL and
// Redis and exports their coordinates) and the helpers that tests call.

/** Environment variables the integration global setup exports to Jest workers. */
export const TEST_ENV = {
  /** Admin URL of the test PostgreSQL (superuser `postgres`, database `berth`). */
  pgUrl: 'BERTH_TEST_PG_URL',
  pgHost: 'BERTH_TEST_PG_HOST',
  pgPort: 'BERTH_TEST_PG_PORT',
  /** URL of the test Redis (`redis://host:port`), shared by all workers: use testRedisPrefix(). */
  redisUrl: 'BERTH_TEST_REDIS_URL',
  redisHost: 'BERTH_TEST_REDIS_HOST',
  redisPort: 'BERTH_TEST_REDIS_PORT',
} as const;

/** Local images built by tools/testenv/build-images.sh. */
export const TEST_IMAGES = {
  postgres: 'berth-test/postgres:15',
  redis: 'berth-test/redis:7',
} as const;

/** Label put on every container the integration setup starts (value: the owner's host:pid). */
export const TEST_CONTAINER_LABEL = 'org.berth.testenv.owner';

/** The value of an environment variable set by the integration global setup; throws a helpful error otherwise. */
export function requireTestEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set. Integration tests must run through a Jest config whose globalSetup is ` +
        `libs/testing/src/integration-global-setup.ts (e.g. jest -c jest.int.config.js).`,
    );
  }
  return value;
}

/** Jest worker id (1-based) or 0 outside a Jest worker. */
export function jestWorkerId(): string {
  return process.env.JEST_WORKER_ID ?? '0';
}
