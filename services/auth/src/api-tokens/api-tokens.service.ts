import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { BerthError, ErrorCode } from '@berth/errors';
import { accountFailure, credentialFailure, type CredentialCheck } from '../authn/credential-check';
import { requireCredential, requireSelfOrAdmin, requireUser } from '../authn/permissions';
import { CLOCK, systemClock, type Clock } from '../authn/clock';
import { AUDIT_LOG, type AuditLog } from '../ports/audit-log.port';
import type { AuthenticatedCall } from '../ports/caller-authenticator.port';
import { userPrincipal } from '../users/principal-of';
import { quoted } from '../users/quoted';
import type { User } from '../users/user';
import { UsersService } from '../users/users.service';
import {
  assertValidTokenName,
  expiryOf,
  isExpired,
  LAST_USED_RESOLUTION_MS,
  MAX_API_TOKENS_PER_USER,
  type ApiToken,
} from './api-token';
import {
  apiTokenIdOf,
  apiTokenSecretMatches,
  generateApiTokenSecret,
  hashApiTokenSecret,
} from './api-token-secret';
import { ApiTokensRepository } from './api-tokens.repository';

export interface CreateApiTokenInput {
  /** Defaults to the caller. */
  username?: string;
  name: string;
  /**
   * Absent: 90 days; 0: never expires. With an API token as the caller's credential, the new token
   * expires no later than that one, and 0 is refused.
   */
  expiresInDays?: number;
}

/**
 * Personal API tokens: `bpat_<id>_<random>`, stored as SHA-256, named (unique per user),
 * expiring, revocable. Users manage their own; administrators anyone's. A token works as the
 * password of its owner's username, wherever a password does. Tokens are created with the
 * password or an API token, never with a Bearer access token; one created with an API token never
 * outlives it.
 */
@Injectable()
export class ApiTokensService {
  private readonly logger = new Logger('ApiTokens');

  constructor(
    private readonly tokens: ApiTokensRepository,
    private readonly users: UsersService,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    @Optional() @Inject(CLOCK) private readonly now: Clock = systemClock,
  ) {}

  /**
   * Checks `secret` as an API token of `username`. Null when the secret is not in the API-token
   * format (then it is a password). A used token's last_used_at is updated at most once a minute.
   */
  async check(username: string, secret: string): Promise<CredentialCheck | null> {
    const id = apiTokenIdOf(secret);
    if (id === null) return null;
    const found = await this.tokens.findForAuthentication(id);
    if (!found || !apiTokenSecretMatches(secret, found.secretSha256))
      return credentialFailure('api-token', found ? 'wrong api token secret' : 'unknown api token');
    const owner = found.owner;
    if (owner.username !== username.toLowerCase())
      return credentialFailure('api-token', 'api token of another user', owner.username);
    const now = this.now();
    if (found.token.revokedAt)
      return accountFailure(
        'api-token',
        'api token revoked',
        owner.username,
        'the API token has been revoked',
      );
    if (isExpired(found.token, now))
      return accountFailure('api-token', 'api token expired', owner.username, 'the API token has expired');
    if (owner.disabled)
      return accountFailure('api-token', 'user disabled', owner.username, 'user is disabled');
    if (
      !found.token.lastUsedAt ||
      now.getTime() - found.token.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS
    ) {
      await this.tokens
        .touch(id, now, LAST_USED_RESOLUTION_MS)
        .catch((err: Error) => this.logger.warn(`cannot record the use of API token ${id}: ${err.message}`));
    }
    return {
      ok: true,
      credential: 'api-token',
      principal: userPrincipal(owner),
      expiresAt: found.token.expiresAt,
    };
  }

  async create(
    call: AuthenticatedCall,
    input: CreateApiTokenInput,
  ): Promise<{ token: ApiToken; secret: string }> {
    requireCredential(call);
    const owner = await this.owner(call, input.username);
    assertValidTokenName(input.name);
    const now = this.now();
    const expiresAt = expiryWithin(call, expiryOf(input.expiresInDays, now));
    const { id, secret } = generateApiTokenSecret();
    const result = await this.tokens.create({
      id,
      userId: owner.id,
      name: input.name,
      secretSha256: hashApiTokenSecret(secret),
      createdAt: now,
      expiresAt,
    });
    if (result === 'name-taken')
      throw new BerthError(
        ErrorCode.ALREADY_EXISTS,
        `user ${quoted(owner.username)} already has an API token named ${quoted(input.name)}; revoke it first`,
      );
    if (result === 'too-many')
      throw new BerthError(
        ErrorCode.CONFLICT,
        `a user may hold at most ${MAX_API_TOKENS_PER_USER} API tokens; revoke some first`,
      );
    await this.audit.record({
      actor: call.principal.subject,
      action: 'apitoken.created',
      target: owner.username,
      clientIp: call.clientIp,
      outcome: 'success',
      details: { name: input.name, expiresAt: expiresAt ? expiresAt.toISOString() : 'never' },
    });
    return { token: result.token, secret };
  }

  async list(call: AuthenticatedCall, username?: string): Promise<ApiToken[]> {
    const owner = await this.owner(call, username);
    return this.tokens.listByUser(owner.id);
  }

  /** Revokes a token by name; revoking a revoked token again is not an error. */
  async revoke(call: AuthenticatedCall, input: { username?: string; name: string }): Promise<void> {
    const owner = await this.owner(call, input.username);
    const result = await this.tokens.revoke(owner.id, input.name, this.now());
    if (result === 'not-found')
      throw new BerthError(
        ErrorCode.NOT_FOUND,
        `user ${quoted(owner.username)} has no API token named ${quoted(input.name)}`,
      );
    if (result === 'revoked')
      await this.audit.record({
        actor: call.principal.subject,
        action: 'apitoken.revoked',
        target: owner.username,
        clientIp: call.clientIp,
        outcome: 'success',
        details: { name: input.name },
      });
  }

  /** The user whose tokens are managed: the caller by default; another user for administrators only. */
  private async owner(call: AuthenticatedCall, username: string | undefined): Promise<User> {
    const target = username || requireUser(call.principal).username;
    requireSelfOrAdmin(call.principal, target);
    const user = await this.users.find(target);
    if (!user) throw new BerthError(ErrorCode.NOT_FOUND, `user ${quoted(target)} not found`);
    return user;
  }
}

/**
 * A token created with an API token expires no later than that token, and never "never": a
 * derived credential must not outlive the one it came from (which may be revoked or expire).
 */
function expiryWithin(call: AuthenticatedCall, expiresAt: Date | null): Date | null {
  if (call.via !== 'api-token') return expiresAt;
  if (expiresAt === null)
    throw new BerthError(
      ErrorCode.INVALID_ARGUMENT,
      'a token created with an API token expires no later than that token: a token that never expires (expiresInDays 0) needs the password',
    );
  const limit = call.credentialExpiresAt;
  return limit && limit < expiresAt ? limit : expiresAt;
}
