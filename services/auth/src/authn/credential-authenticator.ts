import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { BerthError, ErrorCode } from '@berth/errors';
import { ApiTokensService } from '../api-tokens/api-tokens.service';
import { AUDIT_LOG, type AuditLog } from '../ports/audit-log.port';
import {
  SERVICE_ACCOUNT_CREDENTIALS,
  type ServiceAccountCredentials,
} from '../ports/service-account-credentials.port';
import { PasswordCredentials } from '../users/password-credentials';
import type { Principal } from '../users/principal';
import { CLOCK, systemClock, type Clock } from './clock';
import {
  credentialFailure,
  type CredentialCheck,
  type CredentialFailure,
  type CredentialKind,
} from './credential-check';
import { LoginThrottle } from './login-throttle';

export interface Authenticated {
  principal: Principal;
  credential: CredentialKind;
}

/** A `login` audit event is recorded at most this often per (subject, credential, address) on a replica. */
export const LOGIN_EVENT_INTERVAL_MS = 10 * 60_000;
const MAX_REMEMBERED_LOGINS = 10_000;

/**
 * The one authentication path for credentials: (username, secret, client address) → principal.
 * A username with '+' is a service account (`<project>+<name>`, pull-secret token); otherwise a
 * secret in the API-token format (`bpat_…`) is checked as a token of that user, anything else as
 * the user's password. Failed attempts are throttled per (username, address) across replicas and
 * audited (reason, never the secret); successes clear the count.
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
   * (without looking at the secret) while the username is throttled from that address.
   */
  async authenticate(username: string, secret: string, clientIp: string): Promise<Authenticated> {
    const key = LoginThrottle.keyOf(username, clientIp);
    const { hasFailures } = await this.throttle.assertNotLocked(key);
    const check = await this.check(username, secret);
    if (!check.ok) {
      const state = await this.throttle.recordFailure(key);
      this.logger.warn(
        `login failed: user=${JSON.stringify(username.slice(0, 64))} ip=${JSON.stringify(clientIp.slice(0, 64))} reason=${JSON.stringify(check.reason)}`,
      );
      const details: Record<string, string> = { reason: check.reason, credential: check.credential };
      if (state.lockedUntil) details['throttledUntil'] = state.lockedUntil.toISOString();
      await this.audit.record({
        actor: check.subject ?? 'anonymous',
        action: 'login.failed',
        project: check.project,
        target: username.slice(0, 128),
        clientIp,
        outcome: 'failure',
        details,
      });
      throw new BerthError(ErrorCode.UNAUTHORIZED, check.message);
    }
    if (hasFailures) await this.throttle.clear(key);
    await this.recordLogin(check.principal, check.credential, clientIp);
    return { principal: check.principal, credential: check.credential };
  }

  private async check(username: string, secret: string): Promise<CredentialCheck> {
    if (username.includes('+')) return this.checkServiceAccount(username, secret);
    return (await this.apiTokens.check(username, secret)) ?? (await this.passwords.check(username, secret));
  }

  /**
   * The port answers UNAUTHORIZED alike for an unknown account and a wrong secret, so a failure
   * is audited as anonymous, with the project and username it named.
   */
  private async checkServiceAccount(username: string, secret: string): Promise<CredentialCheck> {
    const project = username.slice(0, username.indexOf('+')).toLowerCase();
    const failure = (reason: string, message?: string): CredentialFailure => ({
      ...credentialFailure('pull-secret', reason, undefined, message),
      project,
    });
    if (secret === '') return failure('empty secret');
    try {
      const principal = await this.serviceAccounts.authenticate(username, secret);
      if (!principal) return failure('unknown service account');
      return { ok: true, credential: 'pull-secret', principal };
    } catch (err) {
      if (!BerthError.is(err, ErrorCode.UNAUTHORIZED)) throw err;
      return failure('unknown service account or wrong pull secret', err.message);
    }
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
