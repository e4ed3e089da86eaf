import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { BerthError, ErrorCode } from '@berth/errors';
import { ApiTokensService } from '../api-tokens/api-tokens.service';
import { AUDIT_LOG, type AuditLog } from '../ports/audit-log.port';
import {
  SERVICE_ACCOUNT_CREDENTIALS,
  type ServiceAccountCredentials,
} from '../ports/service-account-credentials.port';
import { PasswordCredentials, type BeforeVerifying } from '../users/password-credentials';
import { serviceAccountSubject, serviceAccountUsername, type Principal } from '../users/principal';
import { API_TOKEN_PREFIX } from '../users/user';
import { CLOCK, systemClock, type Clock } from './clock';
import {
  credentialFailure,
  type CredentialCheck,
  type CredentialFailure,
  type CredentialKind,
} from './credential-check';
import { LoginThrottle, type ReservedAttempt } from './login-throttle';

export interface Authenticated {
  principal: Principal;
  credential: CredentialKind;
  /** With an API token: when that token expires (null: never). */
  expiresAt?: Date | null;
}

/** A `login` audit event is recorded at most this often per (subject, credential, address) on a replica. */
export const LOGIN_EVENT_INTERVAL_MS = 10 * 60_000;
const MAX_REMEMBERED_LOGINS = 10_000;

/** The account a failed login named, when it exists: only such a name is logged or audited. */
interface NamedAccount {
  /** `alice`, or `<project>+<name>` for a service account. */
  name: string;
  /** The subject the failure is attributed to (audit actor). */
  subject?: string;
  /** The project of a service account. */
  project?: string;
}

/**
 * The one authentication path for credentials: (username, secret, client address) → principal.
 * A username with '+' is a service account (`<project>+<name>`, pull-secret token); otherwise a
 * secret in the API-token format (`bpat_…`) is checked as a token of that user, anything else as
 * the user's password. A password attempt is reserved with the login throttle right before it is
 * really verified (per username and address, and per username), so concurrent guesses cannot
 * outrun the limits; a password verified a moment ago (or being verified) is not a guess and costs
 * no reservation, and neither do API tokens and pull secrets (256 random bits: nothing to guess).
 * Failures are audited with the reason, never the secret, and name the account only when it
 * exists: what was typed as a username may be a password typed in the wrong field.
 */
@Injectable()
export class CredentialAuthenticator {
  private readonly logger = new Logger('Login');
  private readonly recentLogins = new Map<string, number>();

  constructor(
    private readonly passwords: PasswordCredentials,
    private readonly apiTokens: ApiTokensService,
    @Inject(SERVICE_ACCOUNT_CREDENTIALS) private readonly serviceAccounts: ServiceAccountCredentials,
    private readonly throttle: LoginThrottle,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    @Optional() @Inject(CLOCK) private readonly now: Clock = systemClock,
  ) {}

  /**
   * Throws UNAUTHORIZED for wrong, revoked, expired or disabled credentials and TOOMANYREQUESTS
   * (without looking at the secret) while the username is throttled from that address, or from
   * every address.
   */
  async authenticate(username: string, secret: string, clientIp: string): Promise<Authenticated> {
    const key = LoginThrottle.keyOf(username, clientIp);
    // A password may be served without verification (verified a moment ago): a lock must refuse it
    // all the same. Tokens (bpat_, and pull secrets of `<project>+<name>`) have nothing to guess.
    if (!username.includes('+') && !secret.startsWith(API_TOKEN_PREFIX))
      await this.throttle.assertNotLocked(key);
    let attempt: ReservedAttempt | undefined;
    const reserve = async (): Promise<void> => {
      attempt = await this.throttle.reserve(key);
    };
    let check: CredentialCheck;
    try {
      check = await this.check(username, secret, reserve);
    } catch (err) {
      if (attempt) await this.throttle.release(attempt);
      throw err;
    }
    if (!check.ok) {
      const account = await this.accountNamed(username, check);
      const shown = account ? JSON.stringify(account.name) : `(unknown user, ${username.length} characters)`;
      const { throttledUntil } = attempt
        ? await this.throttle.failed(attempt, shown)
        : { throttledUntil: null };
      this.logger.warn(
        `login failed: user=${shown} ip=${JSON.stringify(clientIp.slice(0, 64))} reason=${JSON.stringify(check.reason)}`,
      );
      const details: Record<string, string> = { reason: check.reason, credential: check.credential };
      if (!account) details['usernameLength'] = String(username.length);
      if (throttledUntil) details['throttledUntil'] = throttledUntil.toISOString();
      await this.audit.record({
        actor: check.subject ?? account?.subject ?? 'anonymous',
        action: 'login.failed',
        project: account?.project ?? '',
        target: account ? account.name : 'unknown user',
        clientIp,
        outcome: 'failure',
        details,
      });
      throw new BerthError(ErrorCode.UNAUTHORIZED, check.message);
    }
    if (attempt) await this.throttle.succeeded(attempt);
    await this.recordLogin(check.principal, check.credential, clientIp);
    const authenticated: Authenticated = { principal: check.principal, credential: check.credential };
    if (check.expiresAt !== undefined) authenticated.expiresAt = check.expiresAt;
    return authenticated;
  }

  private async check(username: string, secret: string, reserve: BeforeVerifying): Promise<CredentialCheck> {
    if (username.includes('+')) return this.checkServiceAccount(username, secret);
    return (
      (await this.apiTokens.check(username, secret)) ??
      (await this.passwords.check(username, secret, reserve))
    );
  }

  /** The port answers UNAUTHORIZED alike for an unknown account and a wrong secret. */
  private async checkServiceAccount(username: string, secret: string): Promise<CredentialCheck> {
    if (secret === '') return credentialFailure('pull-secret', 'empty secret');
    try {
      const principal = await this.serviceAccounts.authenticate(username, secret);
      if (!principal) return credentialFailure('pull-secret', 'unknown service account');
      return { ok: true, credential: 'pull-secret', principal };
    } catch (err) {
      if (!BerthError.is(err, ErrorCode.UNAUTHORIZED)) throw err;
      return credentialFailure(
        'pull-secret',
        'unknown service account or wrong pull secret',
        undefined,
        err.message,
      );
    }
  }

  /**
   * The existing account `username` names after a failed check, or null: what the check found,
   * else a look-up (users by name; service accounts `<project>+<name>` through the port).
   */
  private async accountNamed(username: string, check: CredentialFailure): Promise<NamedAccount | null> {
    if (check.account !== undefined) return check.account === null ? null : { name: check.account };
    const plus = username.indexOf('+');
    if (plus < 0) {
      const name = await this.passwords.accountOf(username);
      return name === null ? null : { name };
    }
    const principal = await this.serviceAccounts.byServiceAccountSubject(
      serviceAccountSubject(username.slice(0, plus).toLowerCase(), username.slice(plus + 1).toLowerCase()),
    );
    if (principal?.kind !== 'serviceaccount') return null;
    return {
      name: serviceAccountUsername(principal.project, principal.name),
      subject: principal.subject,
      project: principal.project,
    };
  }

  /**
   * Records `login` for the first success of a (subject, credential, address) in a while: a
   * `docker pull` asks for a token per repository and the CLI authenticates every call, which
   * are not each a login worth a row (token issuance has its own event).
   */
  private async recordLogin(
    principal: Principal,
    credential: CredentialKind,
    clientIp: string,
  ): Promise<void> {
    const key = `${principal.subject}\0${credential}\0${clientIp}`;
    const nowMs = this.now().getTime();
    const last = this.recentLogins.get(key);
    if (last !== undefined && nowMs - last < LOGIN_EVENT_INTERVAL_MS) return;
    this.recentLogins.delete(key);
    while (this.recentLogins.size >= MAX_REMEMBERED_LOGINS) {
      const oldest = this.recentLogins.keys().next();
      if (oldest.done) break;
      this.recentLogins.delete(oldest.value);
    }
    this.recentLogins.set(key, nowMs);
    await this.audit.record({
      actor: principal.subject,
      action: 'login',
      project: principal.kind === 'serviceaccount' ? principal.project : '',
      target: principal.subject,
      clientIp,
      outcome: 'success',
      details: { credential },
    });
  }
}
