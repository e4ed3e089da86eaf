import { openIdentityDatabase, type IdentityDatabase } from '../identity/testing/identity-database';
import { UsersRepository } from './users.repository';

describe('UsersRepository (PostgreSQL)', () => {
  let idb: IdentityDatabase;
  let users: UsersRepository;

  beforeAll(async () => {
    idb = await openIdentityDatabase();
    users = new UsersRepository(idb.ds);
  });
  afterAll(() => idb?.close());
  beforeEach(async () => {
    await idb.ds.query('DELETE FROM "auth"."user_groups"');
    await idb.ds.query('DELETE FROM "auth"."users"');
  });

  it('inserts a user once and reads it back with its groups, sorted', async () => {
    const created = await users.insertIfAbsent({ username: 'alice', passwordHash: 'h1', isAdmin: false });
    expect(created).toMatchObject({ username: 'alice', isAdmin: false, disabled: false, groups: [] });
    expect(await users.insertIfAbsent({ username: 'alice', passwordHash: 'h2', isAdmin: true })).toBeNull();
    await idb.ds.query(`INSERT INTO "auth"."user_groups" ("name") VALUES ('ops'), ('devs'), ('qa')`);
    await idb.ds.query(
      `INSERT INTO "auth"."user_group_members" ("group_id", "user_id")
       SELECT g."id", $1 FROM "auth"."user_groups" g WHERE g."name" IN ('ops', 'devs')`,
      [created!.id],
    );
    await expect(users.findByUsername('alice')).resolves.toMatchObject({
      id: created!.id,
      passwordHash: 'h1',
      groups: ['devs', 'ops'],
    });
    await expect(users.findByUsername('bob')).resolves.toBeNull();
  });

  it('lists in byte order after `last`', async () => {
    for (const name of ['b-2', 'b.1', 'b_3', 'a', 'c'])
      await users.insertIfAbsent({ username: name, passwordHash: 'h', isAdmin: false });
    const all = await users.list(10, undefined);
    expect(all.map((u) => u.username)).toEqual(['a', 'b-2', 'b.1', 'b_3', 'c']);
    expect((await users.list(2, 'b-2')).map((u) => u.username)).toEqual(['b.1', 'b_3']);
  });

  it('changes flags, refusing to leave no enabled administrator', async () => {
    await idb.addUser('root', { admin: true });
    await idb.addUser('alice');
    await expect(users.updateFlags('alice', { isAdmin: true })).resolves.toMatchObject({
      user: { username: 'alice', isAdmin: true, disabled: false },
    });
    await expect(users.updateFlags('root', { disabled: true })).resolves.toMatchObject({
      user: { disabled: true },
    });
    await expect(users.updateFlags('alice', { disabled: true })).resolves.toBe('last-admin');
    await expect(users.updateFlags('alice', { isAdmin: false })).resolves.toBe('last-admin');
    await expect(users.updateFlags('ghost', { disabled: true })).resolves.toBe('not-found');
    await expect(users.updateFlags('root', { disabled: false })).resolves.toMatchObject({
      user: { disabled: false },
    });
  });

  it('lets only one of two administrators demoting each other at once succeed', async () => {
    await idb.addUser('root', { admin: true });
    await idb.addUser('alice', { admin: true });
    const results = await Promise.all([
      users.updateFlags('root', { isAdmin: false }),
      users.updateFlags('alice', { isAdmin: false }),
    ]);
    expect(results.filter((r) => r === 'last-admin')).toHaveLength(1);
    const rows: Array<{ n: number }> = await idb.ds.query(
      `SELECT count(*)::int AS n FROM "auth"."users" WHERE is_admin AND NOT disabled`,
    );
    expect(rows[0].n).toBe(1);
  });

  it('replaces a password hash', async () => {
    await idb.addUser('alice');
    await expect(users.setPasswordHash('alice', 'new-hash')).resolves.toBe(true);
    await expect(users.findByUsername('alice')).resolves.toMatchObject({ passwordHash: 'new-hash' });
    await expect(users.setPasswordHash('ghost', 'x')).resolves.toBe(false);
  });

  it('resets a password and revokes the user’s live API tokens, not others’', async () => {
    const alice = await idb.addUser('alice');
    const bob = await idb.addUser('bob');
    const insertToken = (id: string, userId: string, name: string, revokedAt: string | null) =>
      idb.ds.query(
        `INSERT INTO "auth"."api_tokens" ("id", "user_id", "name", "secret_sha256", "created_at", "expires_at", "revoked_at")
         VALUES ($1, $2, $3, decode(repeat('00', 32), 'hex'), now(), NULL, $4)`,
        [id, userId, name, revokedAt],
      );
    await insertToken('0000000000000001', alice, 'laptop', null);
    await insertToken('0000000000000002', alice, 'ci', null);
    await insertToken('0000000000000003', alice, 'old', '2025-01-01T00:00:00Z');
    await insertToken('0000000000000004', bob, 'laptop', null);
    await expect(users.resetPassword('alice', 'reset-hash')).resolves.toEqual({ apiTokensRevoked: 2 });
    await expect(users.findByUsername('alice')).resolves.toMatchObject({ passwordHash: 'reset-hash' });
    const rows: Array<{ name: string; user_id: string; revoked_at: Date | null }> = await idb.ds.query(
      `SELECT name, user_id, revoked_at FROM "auth"."api_tokens" ORDER BY id`,
    );
    expect(rows.map((r) => [r.user_id === alice ? 'alice' : 'bob', r.name, r.revoked_at !== null])).toEqual([
      ['alice', 'laptop', true],
      ['alice', 'ci', true],
      ['alice', 'old', true],
      ['bob', 'laptop', false],
    ]);
    expect(rows[2].revoked_at).toEqual(new Date('2025-01-01T00:00:00Z'));
    await expect(users.resetPassword('ghost', 'x')).resolves.toBeNull();
  });
});
