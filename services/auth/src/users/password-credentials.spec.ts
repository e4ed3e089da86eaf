import { PasswordCredentials } from './password-credentials';
import { PasswordHasher } from './password-hasher';
import type { UserWithCredentials } from './user';
import type { UsersRepository } from './users.repository';
import { VerificationCache } from './verification-cache';

describe('PasswordCredentials.check', () => {
  const hasher = new PasswordHasher({ N: 2 ** 10, r: 8, p: 1 });
  let users: Map<string, UserWithCredentials>;
  let passwords: PasswordCredentials;
  let verify: jest.SpyInstance;

  beforeEach(async () => {
    const passwordHash = await hasher.hash('s3cret-pw');
    const base = {
      isAdmin: false,
      disabled: false,
      createdAt: new Date(),
      updatedAt: new Date(),
      passwordHash,
      groups: [],
    };
    users = new Map([
      ['admin', { ...base, id: 'u1', username: 'admin', isAdmin: true, groups: ['devs'] }],
      ['off', { ...base, id: 'u2', username: 'off', disabled: true }],
    ]);
    const repo = {
      findByUsername: async (name: string) => users.get(name) ?? null,
      exists: async (name: string) => users.has(name),
    } as unknown as UsersRepository;
    passwords = new PasswordCredentials(repo, hasher, new VerificationCache());
    verify = jest.spyOn(hasher, 'verify');
  });

  afterEach(() => jest.restoreAllMocks());

  it('authenticates a user case-insensitively, with its groups', async () => {
    await expect(passwords.check('Admin', 's3cret-pw')).resolves.toEqual({
      ok: true,
      credential: 'password',
      principal: {
        kind: 'user',
        subject: 'admin',
        userId: 'u1',
        username: 'admin',
        isAdmin: true,
        groups: ['devs'],
      },
    });
  });

  it('runs scrypt once for a burst of logins with the same credentials', async () => {
    for (let i = 0; i < 5; i++) expect((await passwords.check('admin', 's3cret-pw')).ok).toBe(true);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('never caches a failed verification', async () => {
    for (let i = 0; i < 3; i++) {
      await expect(passwords.check('admin', 'wrong')).resolves.toMatchObject({
        ok: false,
        reason: 'wrong password',
        subject: 'admin',
        account: 'admin',
        message: 'invalid username or password',
      });
    }
    expect(verify).toHaveBeenCalledTimes(3);
  });

  it('re-verifies once the stored password changed', async () => {
    await passwords.check('admin', 's3cret-pw');
    users.get('admin')!.passwordHash = await hasher.hash('new-password');
    expect((await passwords.check('admin', 's3cret-pw')).ok).toBe(false);
    expect((await passwords.check('admin', 'new-password')).ok).toBe(true);
  });

  it('rejects a disabled user even with the right password, saying so only then', async () => {
    await expect(passwords.check('off', 's3cret-pw')).resolves.toMatchObject({
      ok: false,
      reason: 'user disabled',
      message: 'user is disabled',
    });
    await expect(passwords.check('off', 'wrong')).resolves.toMatchObject({
      ok: false,
      message: 'invalid username or password',
    });
  });

  it('rejects an unknown user after spending the same work as for a known one', async () => {
    await expect(passwords.check('nobody', 's3cret-pw')).resolves.toMatchObject({
      ok: false,
      reason: 'unknown user',
      subject: undefined,
      account: null,
    });
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('rejects invalid usernames, reserved names and empty passwords without a lookup', async () => {
    for (const [name, secret] of [
      ['anonymous', 'x'],
      ['bad name', 'x'],
      ['a+b', 'x'],
      ['admin', ''],
    ]) {
      expect((await passwords.check(name, secret)).ok).toBe(false);
    }
    expect(verify).not.toHaveBeenCalled();
  });

  it('tells which existing account a typed username names, if any', async () => {
    await expect(passwords.accountOf('Admin')).resolves.toBe('admin');
    await expect(passwords.accountOf('nobody')).resolves.toBeNull();
    await expect(passwords.accountOf('my secret password')).resolves.toBeNull();
    await expect(passwords.check('my secret password', 'x')).resolves.toMatchObject({ account: null });
  });

  it('announces each real verification, shares identical concurrent ones, and skips verified passwords', async () => {
    const before = jest.fn(async () => undefined);
    const results = await Promise.all(
      Array.from({ length: 12 }, () => passwords.check('admin', 's3cret-pw', before)),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(before).toHaveBeenCalledTimes(1);
    // Verified a moment ago: no verification, nothing to announce.
    await passwords.check('admin', 's3cret-pw', before);
    expect(before).toHaveBeenCalledTimes(1);
    // Different guesses are each verified and announced, concurrent or not; so are unknown users.
    await Promise.all(['g1', 'g2', 'g3'].map((g) => passwords.check('admin', g, before)));
    await passwords.check('nobody', 'whatever', before);
    expect(before).toHaveBeenCalledTimes(5);
    // An empty password is refused before any verification.
    await passwords.check('admin', '', before);
    expect(before).toHaveBeenCalledTimes(5);
  });

  it('verifies nothing when the announcement refuses (the throttle is locked)', async () => {
    const locked = new Error('locked');
    await expect(passwords.check('admin', 'guess', async () => Promise.reject(locked))).rejects.toBe(locked);
    expect(verify).not.toHaveBeenCalled();
  });
});
