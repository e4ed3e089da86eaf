import { ErrorCode } from '@berth/errors';
import {
  ADMIN,
  ALICE,
  BUILDER_SA,
  callOf,
  FakeClock,
  RecordingAuditLog,
} from '../identity/testing/identity-fakes';
import { ANONYMOUS_PRINCIPAL } from '../users/principal';
import type { User } from '../users/user';
import type { UsersService } from '../users/users.service';
import type { ApiToken } from './api-token';
import { hashApiTokenSecret } from './api-token-secret';
import type {
  ApiTokensRepository,
  CreateResult,
  NewApiToken,
  TokenForAuthentication,
} from './api-tokens.repository';
import { ApiTokensService } from './api-tokens.service';

/** ApiTokensRepository in memory (its int-spec checks the SQL). */
class InMemoryTokens {
  readonly rows = new Map<string, { token: ApiToken; hash: Buffer }>();
  touches: string[] = [];
  constructor(private readonly users: Map<string, User>) {}

  async findForAuthentication(id: string): Promise<TokenForAuthentication | null> {
    const row = this.rows.get(id);
    if (!row) return null;
    const owner = [...this.users.values()].find((u) => u.id === row.token.userId)!;
    return { token: { ...row.token }, secretSha256: row.hash, owner };
  }
  async create(t: NewApiToken): Promise<CreateResult> {
    const taken = [...this.rows.values()].some((r) => r.token.userId === t.userId && r.token.name === t.name);
    if (taken) return 'name-taken';
    const token = { ...t, lastUsedAt: null, revokedAt: null };
    this.rows.set(t.id, { token, hash: t.secretSha256 });
    return { token };
  }
  async listByUser(userId: string) {
    return [...this.rows.values()].filter((r) => r.token.userId === userId).map((r) => r.token);
  }
  async revoke(userId: string, name: string, now: Date) {
    const row = [...this.rows.values()].find((r) => r.token.userId === userId && r.token.name === name);
    if (!row) return 'not-found' as const;
    if (row.token.revokedAt) return 'already' as const;
    row.token.revokedAt = now;
    return 'revoked' as const;
  }
  async touch(id: string, now: Date) {
    this.touches.push(id);
    this.rows.get(id)!.token.lastUsedAt = now;
  }
}

function user(username: string, over: Partial<User> = {}): User {
  const t = new Date('2025-01-01T00:00:00Z');
  return {
    id: `id-${username}`,
    username,
    isAdmin: false,
    disabled: false,
    createdAt: t,
    updatedAt: t,
    groups: [],
    ...over,
  };
}

describe('ApiTokensService', () => {
  let users: Map<string, User>;
  let repo: InMemoryTokens;
  let audit: RecordingAuditLog;
  let clock: FakeClock;
  let service: ApiTokensService;

  beforeEach(() => {
    users = new Map([
      ['admin', user('admin', { isAdmin: true })],
      ['alice', user('alice', { groups: ['devs'] })],
      ['bob', user('bob')],
    ]);
    repo = new InMemoryTokens(users);
    audit = new RecordingAuditLog();
    clock = new FakeClock();
    const usersService = { find: async (name: string) => users.get(name) ?? null } as unknown as UsersService;
    service = new ApiTokensService(repo as unknown as ApiTokensRepository, usersService, audit, clock.now);
  });

  describe('check', () => {
    it('authenticates a token of its owner, with the owner’s groups and the token’s expiry', async () => {
      const { secret, token } = await service.create(callOf(ALICE), { name: 'laptop' });
      await expect(service.check('Alice', secret)).resolves.toEqual({
        ok: true,
        credential: 'api-token',
        expiresAt: token.expiresAt,
        principal: {
          kind: 'user',
          subject: 'alice',
          userId: 'id-alice',
          username: 'alice',
          isAdmin: false,
          groups: ['devs'],
        },
      });
    });

    it('leaves secrets that are not in the token format to the password check', async () => {
      await expect(service.check('alice', 'alice-password')).resolves.toBeNull();
    });

    it('refuses unknown tokens, wrong secrets and tokens of another user alike', async () => {
      const { secret } = await service.create(callOf(ALICE), { name: 'laptop' });
      const forged = `${secret.slice(0, 22)}${'A'.repeat(43)}`;
      const unknown = `bpat_ffffffffffffffff_${'A'.repeat(43)}`;
      for (const [username, s, reason] of [
        ['alice', forged, 'wrong api token secret'],
        ['alice', unknown, 'unknown api token'],
        ['bob', secret, 'api token of another user'],
      ]) {
        await expect(service.check(username, s)).resolves.toMatchObject({
          ok: false,
          reason,
          message: 'invalid username or password',
        });
      }
    });

    it('refuses revoked and expired tokens, saying so once the secret is right', async () => {
      const revoked = await service.create(callOf(ALICE), { name: 'old' });
      await service.revoke(callOf(ALICE), { name: 'old' });
      await expect(service.check('alice', revoked.secret)).resolves.toMatchObject({
        ok: false,
        reason: 'api token revoked',
        message: 'the API token has been revoked',
      });
      const shortLived = await service.create(callOf(ALICE), { name: 'short', expiresInDays: 1 });
      clock.advance(86_400_000 - 1);
      expect((await service.check('alice', shortLived.secret))?.ok).toBe(true);
      clock.advance(1);
      await expect(service.check('alice', shortLived.secret)).resolves.toMatchObject({
        ok: false,
        reason: 'api token expired',
        message: 'the API token has expired',
      });
    });

    it('refuses every token of a disabled user', async () => {
      const { secret } = await service.create(callOf(ALICE), { name: 'laptop' });
      users.set('alice', user('alice', { disabled: true }));
      await expect(service.check('alice', secret)).resolves.toMatchObject({
        ok: false,
        message: 'user is disabled',
      });
    });

    it('records last use at most once a minute', async () => {
      const { secret } = await service.create(callOf(ALICE), { name: 'ci', expiresInDays: 0 });
      await service.check('alice', secret);
      await service.check('alice', secret);
      clock.advance(59_999);
      await service.check('alice', secret);
      expect(repo.touches).toHaveLength(1);
      clock.advance(1);
      await service.check('alice', secret);
      expect(repo.touches).toHaveLength(2);
      const [listed] = await service.list(callOf(ALICE));
      expect(listed.lastUsedAt).toEqual(clock.now());
      expect(listed.expiresAt).toBeNull();
    });
  });

  describe('management', () => {
    it('creates tokens for the caller by default, expiring in 90 days, audited without the secret', async () => {
      const created = await service.create(callOf(ALICE, '192.0.2.4'), { name: 'laptop' });
      expect(created.secret).toMatch(/^bpat_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
      expect(created.token).toMatchObject({ name: 'laptop', userId: 'id-alice', revokedAt: null });
      expect(created.token.expiresAt!.getTime() - clock.nowMs).toBe(90 * 86_400_000);
      expect(repo.rows.get(created.token.id)!.hash).toEqual(hashApiTokenSecret(created.secret));
      expect(audit.events).toEqual([
        {
          actor: 'alice',
          action: 'apitoken.created',
          target: 'alice',
          clientIp: '192.0.2.4',
          outcome: 'success',
          details: { name: 'laptop', expiresAt: created.token.expiresAt!.toISOString() },
        },
      ]);
      expect(JSON.stringify(audit.events)).not.toContain(created.secret.slice(22));
    });

    it('lets administrators manage anyone’s tokens, and nobody else', async () => {
      await expect(service.create(callOf(ADMIN), { username: 'bob', name: 'ci' })).resolves.toBeDefined();
      await expect(service.list(callOf(ADMIN), 'bob')).resolves.toHaveLength(1);
      await expect(service.create(callOf(ADMIN), { username: 'ghost', name: 'ci' })).rejects.toMatchObject({
        code: ErrorCode.NOT_FOUND,
      });
      for (const target of ['bob', 'ghost']) {
        await expect(service.create(callOf(ALICE), { username: target, name: 'x' })).rejects.toMatchObject({
          code: ErrorCode.DENIED,
        });
        await expect(service.list(callOf(ALICE), target)).rejects.toMatchObject({ code: ErrorCode.DENIED });
        await expect(service.revoke(callOf(ALICE), { username: target, name: 'ci' })).rejects.toMatchObject({
          code: ErrorCode.DENIED,
        });
      }
      await expect(service.create(callOf(BUILDER_SA), { name: 'x' })).rejects.toMatchObject({
        code: ErrorCode.DENIED,
      });
      await expect(service.list(callOf(ANONYMOUS_PRINCIPAL))).rejects.toMatchObject({
        code: ErrorCode.UNAUTHORIZED,
      });
    });

    it('refuses a second active token of the same name', async () => {
      await service.create(callOf(ALICE), { name: 'laptop' });
      await expect(service.create(callOf(ALICE), { name: 'laptop' })).rejects.toMatchObject({
        code: ErrorCode.ALREADY_EXISTS,
      });
    });

    it('revokes by name: NOT_FOUND for no such token, a second revocation is a no-op', async () => {
      await service.create(callOf(ALICE), { name: 'laptop' });
      await service.revoke(callOf(ALICE), { name: 'laptop' });
      await service.revoke(callOf(ALICE), { name: 'laptop' });
      await expect(service.revoke(callOf(ALICE), { name: 'nope' })).rejects.toMatchObject({
        code: ErrorCode.NOT_FOUND,
      });
      expect(audit.actions()).toEqual(['apitoken.created', 'apitoken.revoked']);
      expect((await service.list(callOf(ALICE)))[0].revokedAt).toEqual(clock.now());
    });

    it('refuses to create a token for a caller with a Bearer access token', async () => {
      for (const principal of [ALICE, ADMIN])
        await expect(
          service.create(callOf(principal, '192.0.2.1', 'bearer'), { name: 'forever', expiresInDays: 0 }),
        ).rejects.toMatchObject({
          code: ErrorCode.DENIED,
          message: 'this operation needs a password or API token, not an access token',
        });
      expect(repo.rows.size).toBe(0);
    });

    it('never lets a token created with an API token outlive that token', async () => {
      const tenDays = new Date(clock.nowMs + 10 * 86_400_000);
      const withToken = (expiry: Date | null) => callOf(ALICE, '192.0.2.1', 'api-token', expiry);
      const capped = await service.create(withToken(tenDays), { name: 'ci' });
      expect(capped.token.expiresAt).toEqual(tenDays);
      const shorter = await service.create(withToken(tenDays), { name: 'short', expiresInDays: 2 });
      expect(shorter.token.expiresAt!.getTime() - clock.nowMs).toBe(2 * 86_400_000);
      const fromNever = await service.create(withToken(null), { name: 'long', expiresInDays: 365 });
      expect(fromNever.token.expiresAt!.getTime() - clock.nowMs).toBe(365 * 86_400_000);
      for (const expiry of [tenDays, null])
        await expect(
          service.create(withToken(expiry), { name: 'forever', expiresInDays: 0 }),
        ).rejects.toMatchObject({
          code: ErrorCode.INVALID_ARGUMENT,
          message: expect.stringContaining('a token that never expires (expiresInDays 0) needs the password'),
        });
      // With the password, "never" is allowed.
      await expect(
        service.create(callOf(ALICE), { name: 'forever', expiresInDays: 0 }),
      ).resolves.toMatchObject({
        token: { expiresAt: null },
      });
    });
  });
});
