import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { jestWorkerId, requireTestEnv, TEST_ENV } from './test-env';

export interface TestDatabase {
  /** Database name: `berth_test_<worker>_<random>`. */
  readonly name: string;
  /** Connection URL of the new database (same server and credentials as BERTH_TEST_PG_URL). */
  readonly url: string;
  /** Drops the database, closing any connection still open to it. Safe to call twice. */
  drop(): Promise<void>;
}

/** Admin URL of the test PostgreSQL server started by the integration global setup. */
export function testPostgresUrl(): string {
  return requireTestEnv(TEST_ENV.pgUrl);
}

/**
 * Creates an empty database on the test PostgreSQL server, private to the
 * caller (one per test file or per test: names never collide across Jest
 * workers). Call `drop()` in afterAll/afterEach.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = testPostgresUrl();
  const name = `berth_test_${jestWorkerId()}_${randomBytes(4).toString('hex')}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));

  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    name,
    url: url.toString(),
    drop: () =>
      (dropped ??= withClient(adminUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      })),
  };
}

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function quoteIdent(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
