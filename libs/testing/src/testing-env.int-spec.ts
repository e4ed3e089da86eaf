// Proves the integration environment: the PostgreSQL and Redis started by the
// global setup answer, and the isolation helpers do what they promise.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import {
  clearRedisPrefix,
  createTestDatabase,
  getFreePort,
  makeTempDir,
  TEST_ENV,
  testPostgresUrl,
  testRedisPrefix,
  testRedisUrl,
} from '@berth/testing';

async function query<T extends Record<string, unknown>>(url: string, sql: string, params: unknown[] = []) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

describe('integration test environment', () => {
  it('exports the servers through environment variables', () => {
    for (const name of Object.values(TEST_ENV)) {
      expect(process.env[name]).toBeTruthy();
    }
    expect(testPostgresUrl()).toMatch(/^postgres:\/\/postgres:[^@]+@[^:]+:\d+\/berth$/);
    expect(testRedisUrl()).toMatch(/^redis:\/\/[^:]+:\d+$/);
  });

  describe('PostgreSQL', () => {
    it('runs PostgreSQL 15 with the test settings', async () => {
      const [row] = await query<{ version: string; fsync: string; user: string }>(
        testPostgresUrl(),
        "SELECT current_setting('server_version') AS version, current_setting('fsync') AS fsync, current_user AS user",
      );
      expect(row.version).toMatch(/^15\./);
      expect(row.fsync).toBe('off');
      expect(row.user).toBe('postgres');
    });

    it('rejects a wrong password', async () => {
      const url = new URL(testPostgresUrl());
      url.password = 'wrong';
      await expect(query(url.toString(), 'SELECT 1')).rejects.toThrow(/password authentication failed/);
    });

    it('creates an isolated database per caller and drops it', async () => {
      const db = await createTestDatabase();
      const other = await createTestDatabase();
      try {
        expect(db.name).toMatch(new RegExp(`^berth_test_${process.env.JEST_WORKER_ID ?? '0'}_[0-9a-f]{8}$`));
        expect(other.name).not.toBe(db.name);

        await query(db.url, 'CREATE TABLE blob (digest text PRIMARY KEY, size bigint NOT NULL)');
        await query(db.url, 'INSERT INTO blob VALUES ($1, $2)', ['sha256:abc', 42]);
        expect(await query(db.url, 'SELECT digest, size::int AS size FROM blob')).toEqual([
          { digest: 'sha256:abc', size: 42 },
        ]);
        await expect(query(other.url, 'SELECT * FROM blob')).rejects.toThrow(/does not exist/);

        // drop() works even while a connection to the database is still open.
        const open = new Client({ connectionString: db.url });
        await open.connect();
        open.on('error', () => undefined); // terminated by DROP DATABASE ... WITH (FORCE)
        await db.drop();
        await db.drop(); // idempotent
        const names = await query<{ datname: string }>(testPostgresUrl(), 'SELECT datname FROM pg_database');
        expect(names.map((r) => r.datname)).not.toContain(db.name);
        await open.end().catch(() => undefined);
      } finally {
        await db.drop();
        await other.drop();
      }
    });
  });

  describe('Redis', () => {
    let redis: Redis;
    beforeAll(() => {
      redis = new Redis(testRedisUrl());
    });
    afterAll(() => redis.quit());

    it('answers PING', async () => {
      expect(await redis.ping()).toBe('PONG');
    });

    it('keeps keys apart with per-caller prefixes and clears a prefix', async () => {
      const prefix = testRedisPrefix();
      const other = testRedisPrefix();
      expect(prefix).toMatch(new RegExp(`^berth_test_${process.env.JEST_WORKER_ID ?? '0'}_[0-9a-f]{8}$`));
      expect(other).not.toBe(prefix);

      const scoped = new Redis(testRedisUrl(), { keyPrefix: `${prefix}:` });
      try {
        await scoped.set('upload:1', 'hello');
        expect(await scoped.get('upload:1')).toBe('hello');
        expect(await redis.get(`${prefix}:upload:1`)).toBe('hello');
        expect(await redis.get(`${other}:upload:1`)).toBeNull();

        await redis.set(`${other}:keep`, 'x');
        expect(await clearRedisPrefix(prefix)).toBe(1);
        expect(await scoped.get('upload:1')).toBeNull();
        expect(await redis.get(`${other}:keep`)).toBe('x');
      } finally {
        scoped.disconnect();
        await clearRedisPrefix(prefix);
        await clearRedisPrefix(other);
      }
    });
  });

  describe('local helpers', () => {
    it('getFreePort returns a bindable port', async () => {
      const port = await getFreePort();
      expect(port).toBeGreaterThan(0);
      expect(port).toBeLessThan(65536);
    });

    it('makeTempDir creates a directory and cleans it up', async () => {
      const dir = await makeTempDir('berth-testing-');
      await writeFile(join(dir.path, 'layer.tar'), 'data');
      expect(existsSync(join(dir.path, 'layer.tar'))).toBe(true);
      await dir.cleanup();
      await dir.cleanup();
      expect(existsSync(dir.path)).toBe(false);
    });
  });
});
