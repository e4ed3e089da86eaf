// A fresh PostgreSQL database with every auth migration applied, for repository int-specs.
import 'reflect-metadata';
import { openServiceDataSource } from '@berth/db';
import { createTestDatabase, type TestDatabase } from '@berth/testing';
import type { DataSource } from 'typeorm';
import { AUTH_MIGRATIONS } from '../../migrations';

export interface IdentityDatabase {
  db: TestDatabase;
  ds: DataSource;
  /** Inserts a user directly; returns its id. */
  addUser(username: string, options?: { admin?: boolean; disabled?: boolean }): Promise<string>;
  close(): Promise<void>;
}

export async function openIdentityDatabase(): Promise<IdentityDatabase> {
  const db = await createTestDatabase();
  const ds = await openServiceDataSource({
    url: db.url,
    schema: 'auth',
    entities: [],
    migrations: AUTH_MIGRATIONS,
  });
  return {
    db,
    ds,
    async addUser(username, options = {}) {
      const rows: Array<{ id: string }> = await ds.query(
        `INSERT INTO "auth"."users" ("username", "password_hash", "is_admin", "disabled")
         VALUES ($1, 'unused', $2, $3) RETURNING "id"`,
        [username, options.admin ?? false, options.disabled ?? false],
      );
      return rows[0].id;
    },
    async close() {
      await ds.destroy();
      await db.drop();
    },
  };
}
