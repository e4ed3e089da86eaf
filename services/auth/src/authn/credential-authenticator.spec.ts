import { BerthError, ErrorCode } from '@berth/errors';
import { Logger } from '@nestjs/common';
import type { ApiTokensService } from '../api-tokens/api-tokens.service';
import {
  ALICE,
  BUILDER_SA,
  FakeClock,
  RecordingAuditLog,
  throttleWith,
} from '../identity/testing/identity-fakes';
import type { ServiceAccountCredentials } from '../ports/service-account-credentials.port';
import type { PasswordCredentials } from '../users/password-credentials';
import { accountFailure, credentialFailure, type CredentialCheck } from './credential-check';
import { CredentialAuthenticator, LOGIN_EVENT_INTERVAL_MS } from './credential-authenticator';

const TOKEN = 'bpat_0123456789abcdef_' + 'A'.repeat(43);
const TOKEN_EXPIRY = new Date('2025-07-01T00:00:00Z');

describe('CredentialAuthenticator', () => {
  let clock: FakeClock;
  let audit: RecordingAuditLog;
  let warn: jest.SpyInstance;
  let password: jest.Mock<Promise<CredentialCheck>, [string, string, (() => Promise<void>)?]>;
  let apiToken: jest.Mock<Promise<CredentialCheck | null>, [string, string]>;
  let saLogin: jest.Mock<ReturnType<ServiceAccountCredentials['authenticate']>, [string, string]>;
  let accountOf: jest.Mock<Promise<string | null>, [string]>;
  let authn: CredentialAuthenticator;

  beforeEach(() => {
    clock = new FakeClock();
    audit = new RecordingAuditLog();
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    // As PasswordCredentials does: every real verification (scrypt) is announced first, so the
    // throttle reserves it; an empty password is refused before that.
    password = jest.fn(async (username: string, secret: string, beforeVerifying?: () => Promise<void>) => {
      if (secret === '') return credentialFailure('password', 'empty password');
      await beforeVerifying?.();
      if (username !== 'alice') return accountFailure('password', 'unknown user', null);
      return secret === 'alice-password'
        ? { ok: true as const, credential: 'password' as const, principal: ALICE }
        : accountFailure('password', 'wrong password', 'alice');
    });
    accountOf = jest.fn(async (username: string) => (username.toLowerCase() === 'alice' ? 'alice' : null));
    apiToken = jest.fn(async (username: string, secret: string) => {
      if (!secret.startsWith('bpat_')) return null;
      return username === 'alice' && secret === TOKEN
        ? { ok: true as const, credential: 'api-token' as const, principal: ALICE, expiresAt: TOKEN_EXPIRY }
        : credentialFailure('api-token', 'unknown api token');
    });
    saLogin = jest.fn(async (username: string, secret: string) => {
      if (username !== 'team-a+builder')
        throw new BerthError(ErrorCode.UNAUTHORIZED, 'invalid username or password');
      if (secret !== 'bsat_good')
        throw new BerthError(ErrorCode.UNAUTHORIZED, 'invalid username or password');
      return BUILDER_SA;
    });
    const serviceAccounts: ServiceAccountCredentials = {
      authenticate: saLogin,
      byServiceAccountSubject: async (subject) => (subject === BUILDER_SA.subject ? BUILDER_SA : null),
    };
    const { throttle } = throttleWith(clock, undefined, 3, 300);
    authn = new CredentialAuthenticator(
      { check: password, accountOf } as unknown as PasswordCredentials,
      { check: apiToken } as unknown as ApiTokensService,
      serviceAccounts,
      throttle,
      audit,
      clock.now,
    );
  });

  afterEach(() => jest.restoreAllMocks());

  it('checks a password for a plain username', async () => {
    await expect(authn.authenticate('alice', 'alice-password', '10.0.0.1')).resolves.toEqual({
      principal: ALICE,
      credential: 'password',
    });
    expect(saLogin).not.toHaveBeenCalled();
  });

  it('checks a secret in the API-token format as a token of that user, not as a password', async () => {
    await expect(authn.authenticate('alice', TOKEN, '10.0.0.1')).resolves.toEqual({
      principal: ALICE,
      credential: 'api-token',
      expiresAt: TOKEN_EXPIRY,
    });
    expect(password).not.toHaveBeenCalled();
  });

  it('asks the service-account port, and only it, for a username with "+"', async () => {
    await expect(authn.authenticate('team-a+builder', 'bsat_good', '10.0.0.1')).resolves.toEqual({
      principal: BUILDER_SA,
      credential: 'pull-secret',
    });
    await expect(authn.authenticate('team-a+builder', 'bsat_bad', '10.0.0.1')).rejects.toMatchObject({
      code: ErrorCode.UNAUTHORIZED,
    });
    expect(password).not.toHaveBeenCalled();
    expect(apiToken).not.toHaveBeenCalled();
  });

  it('answers UNAUTHORIZED with the check message and audits the reason, never the secret', async () => {
    await expect(authn.authenticate('alice', 'hunter2-guess', '10.0.0.9')).rejects.toEqual(
      new BerthError(ErrorCode.UNAUTHORIZED, 'invalid username or password'),
    );
    expect(audit.events).toEqual([
      {
        actor: 'alice',
        action: 'login.failed',
        project: '',
        target: 'alice',
        clientIp: '10.0.0.9',
        outcome: 'failure',
        details: { reason: 'wrong password', credential: 'password' },
      },
    ]);
    expect(warn).toHaveBeenCalledWith('login failed: user="alice" ip="10.0.0.9" reason="wrong password"');
    expect(JSON.stringify([audit.events, warn.mock.calls])).not.toContain('hunter2');
  });

  it('audits failures of unknown users as anonymous, without what was typed as the username', async () => {
    await authn.authenticate('ghost', 'whatever-pw', '10.0.0.9').catch(() => undefined);
    expect(audit.events[0]).toMatchObject({
      actor: 'anonymous',
      target: 'unknown user',
      action: 'login.failed',
      details: { reason: 'unknown user', usernameLength: '5' },
    });
    expect(warn).toHaveBeenCalledWith(
      'login failed: user=(unknown user, 5 characters) ip="10.0.0.9" reason="unknown user"',
    );
  });

  it('never logs or audits a password typed into the username field, even when it locks', async () => {
    const typo = 'Correct-Horse-Battery';
    for (let i = 0; i < 3; i++)
      await expect(authn.authenticate(typo, `guess-${i}`, '10.0.0.9')).rejects.toMatchObject({
        code: ErrorCode.UNAUTHORIZED,
      });
    await expect(authn.authenticate(typo, 'guess-3', '10.0.0.9')).rejects.toMatchObject({
      code: ErrorCode.TOOMANYREQUESTS,
    });
    expect(audit.events.map((e) => e.target)).toEqual(['unknown user', 'unknown user', 'unknown user']);
    expect(warn.mock.calls.some(([line]) => String(line).startsWith('too many failed logins'))).toBe(true);
    expect(JSON.stringify([audit.events, warn.mock.calls]).toLowerCase()).not.toContain('horse');
  });

  it('names an existing user the check did not look up (an API token of someone else)', async () => {
    await authn.authenticate('ALICE', 'bpat_forged', '10.0.0.9').catch(() => undefined);
    expect(accountOf).toHaveBeenCalledWith('ALICE');
    expect(audit.events[0]).toMatchObject({ target: 'alice', details: { reason: 'unknown api token' } });
    expect(audit.events[0].details).not.toHaveProperty('usernameLength');
  });

  it('after the maximum of failures refuses with TOOMANYREQUESTS without checking the secret', async () => {
    for (let i = 0; i < 3; i++)
      await expect(authn.authenticate('alice', `wrong-${i}`, '10.0.0.1')).rejects.toMatchObject({
        code: ErrorCode.UNAUTHORIZED,
      });
    expect(audit.events[2].details).toMatchObject({ throttledUntil: '2025-06-01T12:05:00.000Z' });
    password.mockClear();
    apiToken.mockClear();
    await expect(authn.authenticate('alice', 'alice-password', '10.0.0.1')).rejects.toMatchObject({
      code: ErrorCode.TOOMANYREQUESTS,
    });
    expect(password).not.toHaveBeenCalled();
    // An API token has nothing to guess (256 random bits): it is not throttled with passwords.
    await expect(authn.authenticate('alice', TOKEN, '10.0.0.1')).resolves.toMatchObject({ principal: ALICE });
    // Another address is not affected, and the lock ends with the window.
    await expect(authn.authenticate('alice', 'alice-password', '10.0.0.2')).resolves.toMatchObject({
      principal: ALICE,
    });
    clock.advance(300_000);
    await expect(authn.authenticate('alice', 'alice-password', '10.0.0.1')).resolves.toMatchObject({
      principal: ALICE,
    });
  });

  it('does not throttle pull-secret logins: a 256-bit token has nothing to guess', async () => {
    for (let i = 0; i < 5; i++)
      await expect(authn.authenticate('team-a+builder', 'bsat_bad', '10.0.0.1')).rejects.toMatchObject({
        code: ErrorCode.UNAUTHORIZED,
      });
    await expect(authn.authenticate('team-a+builder', 'bsat_good', '10.0.0.1')).resolves.toMatchObject({
      principal: BUILDER_SA,
    });
  });

  it('counts no attempt for a password that is not verified (already verified, or empty)', async () => {
    password.mockImplementation(async () => ({
      ok: true as const,
      credential: 'password' as const,
      principal: ALICE,
    }));
    for (let i = 0; i < 10; i++)
      await expect(authn.authenticate('alice', 'alice-password', '10.0.0.1')).resolves.toMatchObject({
        principal: ALICE,
      });
  });

  it('clears the count on success', async () => {
    await authn.authenticate('alice', 'wrong-1', '10.0.0.1').catch(() => undefined);
    await authn.authenticate('alice', 'wrong-2', '10.0.0.1').catch(() => undefined);
    await authn.authenticate('alice', 'alice-password', '10.0.0.1');
    await authn.authenticate('alice', 'wrong-3', '10.0.0.1').catch(() => undefined);
    await authn.authenticate('alice', 'wrong-4', '10.0.0.1').catch(() => undefined);
    await expect(authn.authenticate('alice', 'alice-password', '10.0.0.1')).resolves.toMatchObject({
      principal: ALICE,
    });
  });

  it('records a service account failure in its project only when the account exists', async () => {
    await authn.authenticate('Team-A+builder', 'bsat_bad', '10.0.0.1').catch(() => undefined);
    await authn.authenticate('team-b+nobody', 'bsat_bad', '10.0.0.1').catch(() => undefined);
    expect(audit.events.map((e) => [e.actor, e.project, e.target, e.details?.['credential']])).toEqual([
      [BUILDER_SA.subject, 'team-a', 'team-a+builder', 'pull-secret'],
      ['anonymous', '', 'unknown user', 'pull-secret'],
    ]);
    expect(JSON.stringify([audit.events, warn.mock.calls])).not.toContain('team-b');
  });

  it('passes other errors of the service-account port through without counting a failure', async () => {
    saLogin.mockRejectedValue(new BerthError(ErrorCode.UNAVAILABLE, 'database down'));
    for (let i = 0; i < 4; i++)
      await expect(authn.authenticate('team-a+builder', 'bsat_good', '10.0.0.1')).rejects.toMatchObject({
        code: ErrorCode.UNAVAILABLE,
      });
    expect(audit.events).toEqual([]);
  });

  it('records a login at most once per interval for the same subject, credential and address', async () => {
    await authn.authenticate('alice', 'alice-password', '10.0.0.1');
    await authn.authenticate('alice', 'alice-password', '10.0.0.1');
    await authn.authenticate('alice', TOKEN, '10.0.0.1');
    await authn.authenticate('team-a+builder', 'bsat_good', '10.0.0.1');
    clock.advance(LOGIN_EVENT_INTERVAL_MS);
    await authn.authenticate('alice', 'alice-password', '10.0.0.1');
    expect(audit.events.map((e) => [e.action, e.actor, e.project, e.details?.['credential']])).toEqual([
      ['login', 'alice', '', 'password'],
      ['login', 'alice', '', 'api-token'],
      ['login', 'system:serviceaccount:team-a:builder', 'team-a', 'pull-secret'],
      ['login', 'alice', '', 'password'],
    ]);
  });
});
