import { ErrorCode } from '@berth/errors';
import { Logger } from '@nestjs/common';
import {
  ADMIN,
  ALICE,
  BUILDER_SA,
  callOf,
  FakeClock,
  RecordingAuditLog,
  throttleWith,
  userPrincipalOf,
} from '../identity/testing/identity-fakes';
import { ANONYMOUS_PRINCIPAL } from './principal';
import { PasswordCredentials } from './password-credentials';
import { PasswordHasher } from './password-hasher';
import type { User, UserWithCredentials } from './user';
import type { FlagsUpdate, NewUser, UserFlags, UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { VerificationCache } from './verification-cache';

/** UsersRepository in memory, same contract as the SQL one (its int-spec checks the SQL). */
class InMemoryUsers {
  readonly rows = new Map<string, UserWithCredentials>();

  async findByUsername(username: string) {
    return this.rows.get(username) ?? null;
  }
  async exists(username: string) {
    return this.rows.has(username);
  }
  async insertIfAbsent(user: NewUser): Promise<User | null> {
    if (this.rows.has(user.username)) return null;
    const now = new Date();
    const row = {
      ...user,
      id: `id-${user.username}`,
      disabled: false,
      createdAt: now,
      updatedAt: now,
      groups: [],
    };
    this.rows.set(user.username, row);
    return row;
  }
  async list(limit: number, last?: string) {
    return [...this.rows.values()]
      .filter((u) => last === undefined || u.username > last)
      .sort((a, b) => (a.username < b.username ? -1 : 1))
      .slice(0, limit);
  }
  async updateFlags(username: string, flags: UserFlags): Promise<FlagsUpdate> {
    const row = this.rows.get(username);
    if (!row) return 'not-found';
    const after = { ...row, isAdmin: flags.isAdmin ?? row.isAdmin, disabled: flags.disabled ?? row.disabled };
    const enabledAdmins = [...this.rows.values()].filter(
      (u) => (u.username === username ? after : u).isAdmin && !(u.username === username ? after : u).disabled,
    );
    if (enabledAdmins.length === 0) return 'last-admin';
    this.rows.set(username, after);
    return { user: after };
  }
  async setPasswordHash(username: string, passwordHash: string) {
    const row = this.rows.get(username);
    if (!row) return false;
    row.passwordHash = passwordHash;
    return true;
  }
  /** Live API tokens per user, revoked by resetPassword. */
  readonly liveTokens = new Map<string, number>();
  async resetPassword(username: string, passwordHash: string) {
    if (!(await this.setPasswordHash(username, passwordHash))) return null;
    const apiTokensRevoked = this.liveTokens.get(username) ?? 0;
    this.liveTokens.set(username, 0);
    return { apiTokensRevoked };
  }
}

describe('UsersService', () => {
  const hasher = new PasswordHasher({ N: 2 ** 10, r: 8, p: 1 });
  let repo: InMemoryUsers;
  let audit: RecordingAuditLog;
  let clock: FakeClock;
  let service: UsersService;

  const passwordOf = async (username: string, password: string) =>
    hasher.verify(password, (await repo.findByUsername(username))!.passwordHash);

  beforeEach(async () => {
    repo = new InMemoryUsers();
    audit = new RecordingAuditLog();
    clock = new FakeClock();
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const users = repo as unknown as UsersRepository;
    const { throttle } = throttleWith(clock, undefined, 3, 300);
    service = new UsersService(
      users,
      hasher,
      new PasswordCredentials(users, hasher, new VerificationCache()),
      throttle,
      audit,
    );
    await repo.insertIfAbsent({
      username: 'admin',
      passwordHash: await hasher.hash('admin-password'),
      isAdmin: true,
    });
    await repo.insertIfAbsent({
      username: 'alice',
      passwordHash: await hasher.hash('alice-password'),
      isAdmin: false,
    });
  });

  afterEach(() => jest.restoreAllMocks());

  describe('create', () => {
    it('lets administrators create users, audited without the password', async () => {
      const created = await service.create(callOf(ADMIN), {
        username: 'bob',
        password: 'bob-password',
        registryAdmin: false,
      });
      expect(created.user).toMatchObject({ username: 'bob', isAdmin: false, disabled: false, groups: [] });
      expect(created.generatedPassword).toBeUndefined();
      expect(await passwordOf('bob', 'bob-password')).toBe(true);
      expect(audit.events).toEqual([
        expect.objectContaining({
          actor: 'admin',
          action: 'user.created',
          target: 'bob',
          clientIp: '192.0.2.1',
        }),
      ]);
      expect(JSON.stringify(audit.events)).not.toContain('bob-password');
    });

    it('generates a strong password when none is given, and returns it once', async () => {
      const created = await service.create(callOf(ADMIN), { username: 'carol', registryAdmin: true });
      expect(created.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(await passwordOf('carol', created.generatedPassword!)).toBe(true);
      expect(created.user.isAdmin).toBe(true);
    });

    it('refuses anyone but administrators', async () => {
      const input = { username: 'bob', password: 'bob-password', registryAdmin: false };
      await expect(service.create(callOf(ANONYMOUS_PRINCIPAL), input)).rejects.toMatchObject({
        code: ErrorCode.UNAUTHORIZED,
      });
      await expect(service.create(callOf(ALICE), input)).rejects.toMatchObject({ code: ErrorCode.DENIED });
      await expect(service.create(callOf(BUILDER_SA), input)).rejects.toMatchObject({
        code: ErrorCode.DENIED,
      });
      expect(repo.rows.has('bob')).toBe(false);
    });

    it.each([
      ['Bob', 'bob-password', 'invalid username'],
      ['anonymous', 'bob-password', 'reserved'],
      ['bob', 'short', 'at least 8 characters'],
      ['bob', 'bpat_looks_like_a_token', 'must not start with "bpat_"'],
    ])(
      'refuses username %j / its password with INVALID_ARGUMENT (%s)',
      async (username, password, message) => {
        const err = await service
          .create(callOf(ADMIN), { username, password, registryAdmin: false })
          .catch((e) => e);
        expect(err).toMatchObject({ code: ErrorCode.INVALID_ARGUMENT });
        expect(err.message).toContain(message);
        expect(err.message).not.toContain(password.length >= 8 ? password : '\0');
      },
    );

    it('answers ALREADY_EXISTS for a taken name', async () => {
      await expect(
        service.create(callOf(ADMIN), { username: 'alice', password: 'another-pw', registryAdmin: false }),
      ).rejects.toMatchObject({ code: ErrorCode.ALREADY_EXISTS });
    });
  });

  describe('get and list', () => {
    it('shows a user to itself and to administrators', async () => {
      await expect(service.get(callOf(ALICE), 'alice')).resolves.toMatchObject({ username: 'alice' });
      await expect(service.get(callOf(ADMIN), 'alice')).resolves.toMatchObject({ username: 'alice' });
      await expect(service.get(callOf(ADMIN), 'ghost')).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
    });

    it('answers other users DENIED whether or not the user exists', async () => {
      await expect(service.get(callOf(ALICE), 'admin')).rejects.toMatchObject({ code: ErrorCode.DENIED });
      await expect(service.get(callOf(ALICE), 'ghost')).rejects.toMatchObject({ code: ErrorCode.DENIED });
      await expect(service.get(callOf(ANONYMOUS_PRINCIPAL), 'alice')).rejects.toMatchObject({
        code: ErrorCode.UNAUTHORIZED,
      });
    });

    it('lists users in pages for administrators only', async () => {
      await repo.insertIfAbsent({ username: 'bob', passwordHash: 'x', isAdmin: false });
      const first = await service.list(callOf(ADMIN), { limit: 2 });
      expect(first.users.map((u) => u.username)).toEqual(['admin', 'alice']);
      expect(first.more).toBe(true);
      const next = await service.list(callOf(ADMIN), { limit: 2, last: 'alice' });
      expect(next).toMatchObject({ users: [{ username: 'bob' }], more: false });
      await expect(service.list(callOf(ALICE), {})).rejects.toMatchObject({ code: ErrorCode.DENIED });
      await expect(service.list(callOf(ADMIN), { limit: 0 })).rejects.toMatchObject({
        code: ErrorCode.INVALID_ARGUMENT,
      });
    });
  });

  describe('update', () => {
    it('disables and re-enables users, and grants administration, audited', async () => {
      await expect(
        service.update(callOf(ADMIN), { username: 'alice', disabled: true }),
      ).resolves.toMatchObject({
        disabled: true,
      });
      await expect(
        service.update(callOf(ADMIN), { username: 'alice', disabled: false, registryAdmin: true }),
      ).resolves.toMatchObject({ disabled: false, isAdmin: true });
      expect(audit.events.map((e) => [e.action, e.target, e.details])).toEqual([
        ['user.updated', 'alice', { disabled: 'true' }],
        ['user.updated', 'alice', { disabled: 'false', registryAdmin: 'true' }],
      ]);
    });

    it('refuses administrators disabling or demoting themselves', async () => {
      for (const change of [{ disabled: true }, { registryAdmin: false }]) {
        await expect(service.update(callOf(ADMIN), { username: 'admin', ...change })).rejects.toMatchObject({
          code: ErrorCode.DENIED,
        });
      }
      await expect(
        service.update(callOf(ADMIN), { username: 'admin', disabled: false }),
      ).resolves.toMatchObject({
        disabled: false,
      });
    });

    it('keeps at least one enabled administrator', async () => {
      // Another administrator (say, with a stale token) demotes the last enabled one.
      const other = userPrincipalOf('root', true);
      await expect(
        service.update(callOf(other), { username: 'admin', registryAdmin: false }),
      ).rejects.toMatchObject({
        code: ErrorCode.CONFLICT,
        message: 'the registry must keep at least one enabled administrator',
      });
    });

    it('refuses non-administrators and answers NOT_FOUND for unknown users', async () => {
      await expect(
        service.update(callOf(ALICE), { username: 'alice', registryAdmin: true }),
      ).rejects.toMatchObject({
        code: ErrorCode.DENIED,
      });
      await expect(
        service.update(callOf(ADMIN), { username: 'ghost', disabled: true }),
      ).rejects.toMatchObject({
        code: ErrorCode.NOT_FOUND,
      });
    });
  });

  describe('changePassword', () => {
    it('lets users change their own password with the current one, keeping their API tokens', async () => {
      repo.liveTokens.set('alice', 2);
      await expect(
        service.changePassword(callOf(ALICE), {
          username: 'alice',
          currentPassword: 'alice-password',
          newPassword: 'alice-new-password',
        }),
      ).resolves.toEqual({});
      expect(await passwordOf('alice', 'alice-new-password')).toBe(true);
      expect(audit.actions()).toEqual(['password.changed']);
      expect(audit.events[0].details).toEqual({});
      expect(repo.liveTokens.get('alice')).toBe(2);
      expect(JSON.stringify(audit.events)).not.toContain('alice-');
    });

    it('requires the current password, and a new one of at least 8 characters', async () => {
      await expect(
        service.changePassword(callOf(ALICE), { username: 'alice', newPassword: 'alice-new-password' }),
      ).rejects.toMatchObject({ code: ErrorCode.INVALID_ARGUMENT });
      await expect(
        service.changePassword(callOf(ALICE), { username: 'alice', currentPassword: 'alice-password' }),
      ).rejects.toMatchObject({ code: ErrorCode.INVALID_ARGUMENT });
      await expect(
        service.changePassword(callOf(ALICE), {
          username: 'alice',
          currentPassword: 'alice-password',
          newPassword: 'short',
        }),
      ).rejects.toMatchObject({
        code: ErrorCode.INVALID_ARGUMENT,
        message: expect.stringContaining('at least 8'),
      });
      expect(await passwordOf('alice', 'alice-password')).toBe(true);
    });

    it('refuses a wrong current password as a failed login, and throttles guessing', async () => {
      for (let i = 0; i < 3; i++) {
        await expect(
          service.changePassword(callOf(ALICE), {
            username: 'alice',
            currentPassword: `guess-${i}`,
            newPassword: 'alice-new-password',
          }),
        ).rejects.toMatchObject({ code: ErrorCode.DENIED });
      }
      await expect(
        service.changePassword(callOf(ALICE), {
          username: 'alice',
          currentPassword: 'alice-password',
          newPassword: 'alice-new-password',
        }),
      ).rejects.toMatchObject({ code: ErrorCode.TOOMANYREQUESTS });
      expect(await passwordOf('alice', 'alice-password')).toBe(true);
      expect(audit.actions()).toEqual(['login.failed', 'login.failed', 'login.failed']);
      expect(JSON.stringify(audit.events)).not.toContain('guess-');
    });

    it('lets administrators reset anyone, generating a password when none is given', async () => {
      repo.liveTokens.set('alice', 2);
      const reset = await service.changePassword(callOf(ADMIN), { username: 'alice' });
      expect(reset.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(await passwordOf('alice', reset.generatedPassword!)).toBe(true);
      await expect(
        service.changePassword(callOf(ADMIN), { username: 'alice', newPassword: 'chosen-by-admin' }),
      ).resolves.toEqual({});
      expect(await passwordOf('alice', 'chosen-by-admin')).toBe(true);
      expect(audit.events.map((e) => [e.action, e.target, e.details])).toEqual([
        ['password.reset', 'alice', { passwordGenerated: 'true', apiTokensRevoked: '2' }],
        ['password.reset', 'alice', { passwordGenerated: 'false', apiTokensRevoked: '0' }],
      ]);
      expect(repo.liveTokens.get('alice')).toBe(0);
      await expect(service.changePassword(callOf(ADMIN), { username: 'ghost' })).rejects.toMatchObject({
        code: ErrorCode.NOT_FOUND,
      });
    });

    it('requires the current password from administrators changing their own', async () => {
      await expect(
        service.changePassword(callOf(ADMIN), { username: 'admin', newPassword: 'new-admin-password' }),
      ).rejects.toMatchObject({ code: ErrorCode.INVALID_ARGUMENT });
    });

    it('denies users and service accounts changing someone else’s password', async () => {
      for (const principal of [ALICE, BUILDER_SA]) {
        await expect(
          service.changePassword(callOf(principal), { username: 'admin', newPassword: 'taken-over!' }),
        ).rejects.toMatchObject({ code: ErrorCode.DENIED });
      }
      expect(await passwordOf('admin', 'admin-password')).toBe(true);
    });
  });

  describe('with a Bearer access token', () => {
    it('refuses to create or change users or passwords, whoever the caller', async () => {
      const bearer = (principal = ADMIN) => callOf(principal, '192.0.2.1', 'bearer');
      const denied = {
        code: ErrorCode.DENIED,
        message: 'this operation needs a password or API token, not an access token',
      };
      await expect(
        service.create(bearer(), { username: 'bob', password: 'bob-password', registryAdmin: true }),
      ).rejects.toMatchObject(denied);
      await expect(
        service.update(bearer(), { username: 'alice', registryAdmin: true }),
      ).rejects.toMatchObject(denied);
      await expect(service.changePassword(bearer(), { username: 'alice' })).rejects.toMatchObject(denied);
      await expect(
        service.changePassword(bearer(ALICE), {
          username: 'alice',
          currentPassword: 'alice-password',
          newPassword: 'alice-new-password',
        }),
      ).rejects.toMatchObject(denied);
      expect(repo.rows.has('bob')).toBe(false);
      expect(repo.rows.get('alice')!.isAdmin).toBe(false);
      expect(await passwordOf('alice', 'alice-password')).toBe(true);
      expect(audit.events).toEqual([]);
      // Reading is fine.
      await expect(service.get(bearer(ALICE), 'alice')).resolves.toMatchObject({ username: 'alice' });
    });
  });
});
