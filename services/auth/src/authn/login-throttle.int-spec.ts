import { ErrorCode } from '@berth/errors';
import { Logger } from '@nestjs/common';
import type { ApiTokensService } from '../api-tokens/api-tokens.service';
import type { AuthConfig } from '../config/auth.config';
import { openIdentityDatabase, type IdentityDatabase } from '../identity/testing/identity-database';
import { RecordingAuditLog } from '../identity/testing/identity-fakes';
import type { ServiceAccountCredentials } from '../ports/service-account-credentials.port';
import { PasswordCredentials } from '../users/password-credentials';
import { PasswordHasher } from '../users/password-hasher';
import { UsersRepository } from '../users/users.repository';
import { VerificationCache } from '../users/verification-cache';
import { CredentialAuthenticator } from './credential-authenticator';
import { LoginFailuresRepository } from './login-failures.repository';
import { LoginThrottle } from './login-throttle';

// Concurrent password guesses against the real login path and PostgreSQL: each attempt is
// reserved before its password is checked, so no burst gets more checks than the limits allow.
describe('Login throttling under concurrent guesses (PostgreSQL)', () => {
  const hasher = new PasswordHasher({ N: 2 ** 12, r: 8, p: 1 });
  let idb: IdentityDatabase;
  let verify: jest.SpyInstance;

  /** A replica's login path: its own throttle, repository and caches over the shared database. */
  function replica(perAddress: number, perUser: number): CredentialAuthenticator {
    const config = {
      BERTH_LOGIN_MAX_FAILURES: perAddress,
      BERTH_LOGIN_MAX_FAILURES_PER_USER: perUser,
      BERTH_LOGIN_FAILURE_WINDOW_SECONDS: 300,
    } as AuthConfig;
    const users = new UsersRepository(idb.ds);
    const serviceAccounts: ServiceAccountCredentials = {
      authenticate: async () => null,
      byServiceAccountSubject: async () => null,
    };
    return new CredentialAuthenticator(
      new PasswordCredentials(users, hasher, new VerificationCache()),
      { check: async () => null } as unknown as ApiTokensService,
      serviceAccounts,
      new LoginThrottle(new LoginFailuresRepository(idb.ds), config),
      new RecordingAuditLog(),
    );
  }

  /** Outcome counts of concurrent attempts: `ok`, or the error code. */
  async function attempt(
    calls: Array<() => Promise<unknown>>,
  ): Promise<Partial<Record<ErrorCode | 'ok', number>>> {
    const outcomes = await Promise.all(
      calls.map((call) =>
        call().then(
          () => 'ok' as const,
          (err: { code?: ErrorCode }) => err.code ?? ErrorCode.UNKNOWN,
        ),
      ),
    );
    const counts: Partial<Record<ErrorCode | 'ok', number>> = {};
    for (const o of outcomes) counts[o] = (counts[o] ?? 0) + 1;
    return counts;
  }

  beforeAll(async () => {
    idb = await openIdentityDatabase();
    await idb.ds.query(
      `INSERT INTO "auth"."users" ("username", "password_hash") VALUES ('alice', $1), ('bob', $1)`,
      [await hasher.hash('right-password')],
    );
  });
  afterAll(() => idb?.close());
  beforeEach(async () => {
    await idb.ds.query('DELETE FROM "auth"."login_failures"');
    await idb.ds.query('DELETE FROM "auth"."login_failures_by_user"');
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    verify = jest.spyOn(hasher, 'verify');
  });
  afterEach(() => jest.restoreAllMocks());

  it('checks at most the maximum of 30 concurrent wrong passwords from one address, on 3 replicas', async () => {
    const replicas = [replica(10, 50), replica(10, 50), replica(10, 50)];
    const counts = await attempt(
      Array.from(
        { length: 30 },
        (_, i) => () => replicas[i % 3].authenticate('alice', `guess-${i}`, '198.51.100.7'),
      ),
    );
    expect(counts).toEqual({ [ErrorCode.UNAUTHORIZED]: 10, [ErrorCode.TOOMANYREQUESTS]: 20 });
    expect(verify).toHaveBeenCalledTimes(10);
    // Locked: even the right password is refused from there without being checked.
    await expect(replicas[0].authenticate('alice', 'right-password', '198.51.100.7')).rejects.toMatchObject({
      code: ErrorCode.TOOMANYREQUESTS,
    });
    expect(verify).toHaveBeenCalledTimes(10);
  });

  it('checks at most the per-user maximum of guesses spread over many addresses', async () => {
    const login = replica(10, 50);
    const counts = await attempt(
      Array.from({ length: 60 }, (_, i) => () => login.authenticate('alice', `guess-${i}`, `203.0.113.${i}`)),
    );
    expect(counts).toEqual({ [ErrorCode.UNAUTHORIZED]: 50, [ErrorCode.TOOMANYREQUESTS]: 10 });
    expect(verify).toHaveBeenCalledTimes(50);
    // Alice is refused from a new address too, an empty one included; Bob is not affected.
    for (const ip of ['203.0.113.200', ''])
      await expect(login.authenticate('alice', 'right-password', ip)).rejects.toMatchObject({
        code: ErrorCode.TOOMANYREQUESTS,
        message: expect.stringContaining('too many failed logins for this user; try again in'),
      });
    await expect(login.authenticate('bob', 'right-password', '203.0.113.1')).resolves.toMatchObject({
      principal: { subject: 'bob' },
    });
  });

  it('treats an empty client address as a bucket of its own', async () => {
    const login = replica(3, 50);
    const counts = await attempt(
      Array.from({ length: 8 }, (_, i) => () => login.authenticate('alice', `guess-${i}`, '')),
    );
    expect(counts).toEqual({ [ErrorCode.UNAUTHORIZED]: 3, [ErrorCode.TOOMANYREQUESTS]: 5 });
    await expect(login.authenticate('alice', 'right-password', '198.51.100.9')).resolves.toMatchObject({
      principal: { subject: 'alice' },
    });
  });

  it('lets a right password through and clears its address, leaving the user’s other failures', async () => {
    const login = replica(3, 5);
    await attempt([1, 2].map((i) => () => login.authenticate('alice', `guess-${i}`, '198.51.100.1')));
    await expect(login.authenticate('alice', 'right-password', '198.51.100.1')).resolves.toBeDefined();
    const pairs = await idb.ds.query(`SELECT 1 FROM "auth"."login_failures" WHERE username = 'alice'`);
    expect(pairs).toEqual([]);
    const [user]: Array<{ failures: number }> = await idb.ds.query(
      `SELECT failures FROM "auth"."login_failures_by_user" WHERE username = 'alice'`,
    );
    expect(user.failures).toBe(2);
  });
});
