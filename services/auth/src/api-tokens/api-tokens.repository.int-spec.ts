import { openIdentityDatabase, type IdentityDatabase } from '../identity/testing/identity-database';
import { generateApiTokenSecret, hashApiTokenSecret } from './api-token-secret';
import { MAX_API_TOKENS_PER_USER } from './api-token';
import { ApiTokensRepository, type NewApiToken } from './api-tokens.repository';

describe('ApiTokensRepository (PostgreSQL)', () => {
  let idb: IdentityDatabase;
  let tokens: ApiTokensRepository;
  let alice: string;
  const t0 = new Date('2025-06-01T12:00:00Z');

  const newToken = (name: string, over: Partial<NewApiToken> = {}): NewApiToken & { secret: string } => {
    const { id, secret } = generateApiTokenSecret();
    return {
      id,
      secret,
      userId: alice,
      name,
      secretSha256: hashApiTokenSecret(secret),
      createdAt: t0,
      expiresAt: new Date(t0.getTime() + 86_400_000),
      ...over,
    };
  };

  beforeAll(async () => {
    idb = await openIdentityDatabase();
    tokens = new ApiTokensRepository(idb.ds);
    alice = await idb.addUser('alice');
    const devs: Array<{ id: string }> = await idb.ds.query(
      `INSERT INTO "auth"."user_groups" ("name") VALUES ('devs') RETURNING "id"`,
    );
    await idb.ds.query(`INSERT INTO "auth"."user_group_members" ("group_id", "user_id") VALUES ($1, $2)`, [
      devs[0].id,
      alice,
    ]);
  });
  afterAll(() => idb?.close());
  beforeEach(() => idb.ds.query('DELETE FROM "auth"."api_tokens"'));

  it('stores a token and finds it with its hash and its owner', async () => {
    const t = newToken('laptop');
    await expect(tokens.create(t)).resolves.toMatchObject({
      token: { id: t.id, name: 'laptop', revokedAt: null },
    });
    const found = await tokens.findForAuthentication(t.id);
    expect(found).toMatchObject({
      token: { id: t.id, userId: alice, createdAt: t0, expiresAt: t.expiresAt, lastUsedAt: null },
      owner: { id: alice, username: 'alice', disabled: false, groups: ['devs'] },
    });
    expect(found!.secretSha256.equals(t.secretSha256)).toBe(true);
    const stored: Array<{ secret: string }> = await idb.ds.query(
      `SELECT encode("secret_sha256", 'escape') AS secret FROM "auth"."api_tokens"`,
    );
    expect(stored[0].secret).not.toContain(t.secret.slice(22));
    await expect(tokens.findForAuthentication('ffffffffffffffff')).resolves.toBeNull();
  });

  it('keeps names unique per user among active tokens, replacing revoked and expired ones', async () => {
    await tokens.create(newToken('laptop'));
    await expect(tokens.create(newToken('laptop'))).resolves.toBe('name-taken');
    await tokens.revoke(alice, 'laptop', t0);
    const again = newToken('laptop');
    await expect(tokens.create(again)).resolves.toMatchObject({ token: { id: again.id } });
    const later = new Date(t0.getTime() + 2 * 86_400_000);
    const replacement = newToken('laptop', { createdAt: later, expiresAt: null });
    await expect(tokens.create(replacement)).resolves.toMatchObject({
      token: { id: replacement.id, expiresAt: null },
    });
    await expect(tokens.listByUser(alice)).resolves.toMatchObject([{ id: replacement.id }]);
  });

  it('limits how many tokens a user holds', async () => {
    for (let i = 0; i < MAX_API_TOKENS_PER_USER; i++) await tokens.create(newToken(`t${i}`));
    await expect(tokens.create(newToken('one-more'))).resolves.toBe('too-many');
  });

  it('revokes once, then answers already; unknown names are not found', async () => {
    const t = newToken('ci');
    await tokens.create(t);
    await expect(tokens.revoke(alice, 'ci', t0)).resolves.toBe('revoked');
    await expect(tokens.revoke(alice, 'ci', new Date(t0.getTime() + 1000))).resolves.toBe('already');
    await expect(tokens.revoke(alice, 'nope', t0)).resolves.toBe('not-found');
    await expect(tokens.findForAuthentication(t.id)).resolves.toMatchObject({ token: { revokedAt: t0 } });
  });

  it('records last use at most once per resolution', async () => {
    const t = newToken('ci');
    await tokens.create(t);
    await tokens.touch(t.id, t0, 60_000);
    await tokens.touch(t.id, new Date(t0.getTime() + 30_000), 60_000);
    await expect(tokens.findForAuthentication(t.id)).resolves.toMatchObject({ token: { lastUsedAt: t0 } });
    const later = new Date(t0.getTime() + 60_000);
    await tokens.touch(t.id, later, 60_000);
    await expect(tokens.findForAuthentication(t.id)).resolves.toMatchObject({ token: { lastUsedAt: later } });
  });

  it('lists a user’s tokens by name and forgets them with the user', async () => {
    await tokens.create(newToken('b'));
    await tokens.create(newToken('a'));
    await expect(tokens.listByUser(alice)).resolves.toMatchObject([{ name: 'a' }, { name: 'b' }]);
    const bob = await idb.addUser('bob');
    await tokens.create(newToken('x', { userId: bob }));
    await idb.ds.query(`DELETE FROM "auth"."users" WHERE "id" = $1`, [bob]);
    await expect(tokens.listByUser(bob)).resolves.toEqual([]);
  });
});
