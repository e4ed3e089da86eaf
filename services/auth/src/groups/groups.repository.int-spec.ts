import { openIdentityDatabase, type IdentityDatabase } from '../identity/testing/identity-database';
import { GroupsRepository } from './groups.repository';

describe('GroupsRepository (PostgreSQL)', () => {
  let idb: IdentityDatabase;
  let groups: GroupsRepository;

  beforeAll(async () => {
    idb = await openIdentityDatabase();
    groups = new GroupsRepository(idb.ds);
    await idb.addUser('alice');
    await idb.addUser('bob');
  });
  afterAll(() => idb?.close());
  beforeEach(() => idb.ds.query('DELETE FROM "auth"."user_groups"'));
  afterEach(() => jest.restoreAllMocks());

  it('creates a group once', async () => {
    await expect(groups.create('devs')).resolves.toMatchObject({ name: 'devs', members: [] });
    await expect(groups.create('devs')).resolves.toBeNull();
  });

  it('refuses reserved and malformed names in the schema too', async () => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined); // TypeORM logs failed queries
    await expect(
      idb.ds.query(`INSERT INTO "auth"."user_groups" ("name") VALUES ('authenticated')`),
    ).rejects.toThrow(/user_groups_name_format/);
    await expect(
      idb.ds.query(`INSERT INTO "auth"."user_groups" ("name") VALUES ('serviceaccounts:x')`),
    ).rejects.toThrow(/user_groups_name_format/);
  });

  it('adds and removes members, telling what changed and what was missing', async () => {
    await groups.create('devs');
    expect(await groups.addMember('devs', 'bob')).toBe('changed');
    expect(await groups.addMember('devs', 'alice')).toBe('changed');
    expect(await groups.addMember('devs', 'alice')).toBe('unchanged');
    expect(await groups.addMember('devs', 'ghost')).toBe('no-user');
    expect(await groups.addMember('ops', 'alice')).toBe('no-group');
    await expect(groups.findByName('devs')).resolves.toMatchObject({ members: ['alice', 'bob'] });
    expect(await groups.removeMember('devs', 'bob')).toBe('changed');
    expect(await groups.removeMember('devs', 'bob')).toBe('unchanged');
    expect(await groups.removeMember('devs', 'ghost')).toBe('no-user');
    expect(await groups.removeMember('ops', 'bob')).toBe('no-group');
    await expect(groups.findByName('devs')).resolves.toMatchObject({ members: ['alice'] });
  });

  it('lists groups by name with members, and deletes a group with its memberships', async () => {
    await groups.create('ops');
    await groups.create('devs');
    await groups.addMember('ops', 'alice');
    await expect(groups.list()).resolves.toMatchObject([
      { name: 'devs', members: [] },
      { name: 'ops', members: ['alice'] },
    ]);
    const before = jest.fn(async () => undefined);
    await expect(groups.delete('ops', before)).resolves.toBe(true);
    await expect(groups.delete('ops', before)).resolves.toBe(false);
    expect(before).toHaveBeenCalledTimes(1);
    const rows: Array<{ n: number }> = await idb.ds.query(
      `SELECT count(*)::int AS n FROM "auth"."user_group_members"`,
    );
    expect(rows[0].n).toBe(0);
  });
});
