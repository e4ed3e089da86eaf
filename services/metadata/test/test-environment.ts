import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Client } from 'pg';

/**
 * Integration-test helpers of the metadata service (until @berth/testing lands):
 * a fresh database on the test PostgreSQL, a free port, the test Redis URL.
 */
export const TEST_PG_URL = process.env.BERTH_TEST_PG_URL || 'postgres://berth:berth@127.0.0.1:5432/berth';
export const TEST_REDIS_URL = process.env.BERTH_TEST_REDIS_URL || 'redis://127.0.0.1:6379';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/**
 * Creates an empty database next to the one TEST_PG_URL names; `drop()` removes it.
 * Its default collation is ICU en-US when the server has ICU (falling back to the
 * server default), so that tests of byte-lexical ordering cannot pass by accident
 * on a C-collated database.
 */
export async function createTestDatabase(prefix = 'berth_metadata_test'): Promise<TestDatabase> {
  const name = uniqueName(prefix);
  await withAdmin(async (c) => {
    try {
      await c.query(
        `CREATE DATABASE "${name}" TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'`,
      );
    } catch {
      await c.query(`CREATE DATABASE "${name}"`);
    }
  });
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

async function withAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
