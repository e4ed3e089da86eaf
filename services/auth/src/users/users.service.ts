import { Inject, Injectable } from '@nestjs/common';
import { BerthError, ErrorCode } from '@berth/errors';
import type { CredentialCheck } from '../authn/credential-check';
import { LoginThrottle, type ReservedAttempt } from '../authn/login-throttle';
import { requireAdmin, requireCredential, requireSelfOrAdmin } from '../authn/permissions';
import { AUDIT_LOG, type AuditLog } from '../ports/audit-log.port';
import type { AuthenticatedCall } from '../ports/caller-authenticator.port';
import { PasswordCredentials } from './password-credentials';
import { PasswordHasher } from './password-hasher';
import {
  assertAcceptablePassword,
  assertValidUsername,
  BOOTSTRAP_ADMIN_USERNAME,
  generatePassword,
  type User,
} from './user';
import { UsersRepository } from './users.repository';
import { quoted } from './quoted';

export const DEFAULT_USER_PAGE = 100;
export const MAX_USER_PAGE = 1000;

export interface CreateUserInput {
  username: string;
  password?: string;
  registryAdmin: boolean;
}

export interface UpdateUserInput {
  username: string;
  disabled?: boolean;
  registryAdmin?: boolean;
}

export interface ChangePasswordInput {
  username: string;
  currentPassword?: string;
  newPassword?: string;
}

/** User accounts: creation, listing, enabling and disabling, registry administration, passwords. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly passwords: PasswordCredentials,
    private readonly throttle: LoginThrottle,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
  ) {}

  /** The user named `username` (no permission check: for other features), or null. */
  async find(username: string): Promise<User | null> {
    const user = await this.users.findByUsername(username);
    return user ? withoutCredentials(user) : null;
  }

  async create(
    call: AuthenticatedCall,
    input: CreateUserInput,
  ): Promise<{ user: User; generatedPassword?: string }> {
    requireCredential(call);
    const actor = requireAdmin(call.principal);
    assertValidUsername(input.username);
    const generatedPassword = input.password === undefined ? generatePassword() : undefined;
    const password = input.password ?? generatedPassword!;
    assertAcceptablePassword(password);
    const user = await this.users.insertIfAbsent({
      username: input.username,
      passwordHash: await this.hasher.hash(password),
      isAdmin: input.registryAdmin,
    });
    if (!user)
      throw new BerthError(ErrorCode.ALREADY_EXISTS, `user ${quoted(input.username)} already exists`);
    await this.audit.record({
      actor: actor.subject,
      action: 'user.created',
      target: user.username,
      clientIp: call.clientIp,
      outcome: 'success',
      details: {
        registryAdmin: String(user.isAdmin),
        passwordGenerated: String(generatedPassword !== undefined),
      },
    });
    return generatedPassword === undefined ? { user } : { user, generatedPassword };
  }

  async get(call: AuthenticatedCall, username: string): Promise<User> {
    requireSelfOrAdmin(call.principal, username);
    const user = await this.find(username);
    if (!user) throw notFound(username);
    return user;
  }

  async list(
    call: AuthenticatedCall,
    page: { limit?: number; last?: string },
  ): Promise<{ users: User[]; more: boolean }> {
    requireAdmin(call.principal);
    const limit = pageLimit(page.limit);
    const rows = await this.users.list(limit + 1, page.last || undefined);
    return { users: rows.slice(0, limit), more: rows.length > limit };
  }

  /**
   * Enables or disables a user, grants or revokes registry administration. Administrators cannot
   * disable or demote themselves, and the last enabled administrator cannot be disabled or demoted.
   * Disabling keeps the user's API tokens (refused while disabled): re-enabling restores them.
   */
  async update(call: AuthenticatedCall, input: UpdateUserInput): Promise<User> {
    requireCredential(call);
    const actor = requireAdmin(call.principal);
    if (actor.username === input.username && (input.disabled === true || input.registryAdmin === false))
      throw new BerthError(
        ErrorCode.DENIED,
        'administrators cannot disable or demote themselves; ask another administrator',
      );
    const result = await this.users.updateFlags(input.username, {
      disabled: input.disabled,
      isAdmin: input.registryAdmin,
    });
    if (result === 'not-found') throw notFound(input.username);
    if (result === 'last-admin')
      throw new BerthError(ErrorCode.CONFLICT, 'the registry must keep at least one enabled administrator');
    const details: Record<string, string> = {};
    if (input.disabled !== undefined) details['disabled'] = String(input.disabled);
    if (input.registryAdmin !== undefined) details['registryAdmin'] = String(input.registryAdmin);
    await this.audit.record({
      actor: actor.subject,
      action: 'user.updated',
      target: result.user.username,
      clientIp: call.clientIp,
      outcome: 'success',
      details,
    });
    return result.user;
  }

  /**
   * Users change their own password by giving the current one (throttled like a login);
   * administrators reset anyone else's, with a generated password when none is given. A reset
   * also revokes every API token of that user (whoever made the reset necessary may hold one); a
   * user changing their own password keeps their tokens. Never with a Bearer access token.
   */
  async changePassword(
    call: AuthenticatedCall,
    input: ChangePasswordInput,
  ): Promise<{ generatedPassword?: string }> {
    requireCredential(call);
    const actor = requireSelfOrAdmin(call.principal, input.username);
    const self = actor.username === input.username;
    if (self) {
      if (!input.currentPassword)
        throw new BerthError(
          ErrorCode.INVALID_ARGUMENT,
          'the current password is required to change your own password',
        );
      if (input.newPassword === undefined)
        throw new BerthError(ErrorCode.INVALID_ARGUMENT, 'a new password is required');
      assertAcceptablePassword(input.newPassword);
      await this.verifyCurrentPassword(call, input.username, input.currentPassword);
    }
    const generatedPassword = input.newPassword === undefined ? generatePassword() : undefined;
    const password = input.newPassword ?? generatedPassword!;
    assertAcceptablePassword(password);
    const passwordHash = await this.hasher.hash(password);
    const details: Record<string, string> = {};
    if (self) {
      if (!(await this.users.setPasswordHash(input.username, passwordHash))) throw notFound(input.username);
    } else {
      const reset = await this.users.resetPassword(input.username, passwordHash);
      if (!reset) throw notFound(input.username);
      details['passwordGenerated'] = String(generatedPassword !== undefined);
      details['apiTokensRevoked'] = String(reset.apiTokensRevoked);
    }
    await this.audit.record({
      actor: actor.subject,
      action: self ? 'password.changed' : 'password.reset',
      target: input.username,
      clientIp: call.clientIp,
      outcome: 'success',
      details,
    });
    return generatedPassword === undefined ? {} : { generatedPassword };
  }

  async bootstrapAdminExists(): Promise<boolean> {
    return this.users.exists(BOOTSTRAP_ADMIN_USERNAME);
  }

  /**
   * Creates the administrator "admin" with `password` unless it exists. Safe when
   * several replicas start at once: the unique username makes all but one insert a
   * no-op. Never changes an existing user. Returns true when this call created it.
   */
  async createBootstrapAdmin(password: string): Promise<boolean> {
    const passwordHash = await this.hasher.hash(password);
    const created = await this.users.insertIfAbsent({
      username: BOOTSTRAP_ADMIN_USERNAME,
      passwordHash,
      isAdmin: true,
    });
    return created !== null;
  }

  private async verifyCurrentPassword(
    call: AuthenticatedCall,
    username: string,
    password: string,
  ): Promise<void> {
    const key = LoginThrottle.keyOf(username, call.clientIp);
    let attempt: ReservedAttempt | undefined;
    let check: CredentialCheck;
    try {
      check = await this.passwords.check(username, password, async () => {
        attempt = await this.throttle.reserve(key);
      });
    } catch (err) {
      if (attempt) await this.throttle.release(attempt);
      throw err;
    }
    if (check.ok) {
      if (attempt) await this.throttle.succeeded(attempt);
      return;
    }
    if (attempt) await this.throttle.failed(attempt, JSON.stringify(username));
    await this.audit.record({
      actor: username,
      action: 'login.failed',
      target: username,
      clientIp: call.clientIp,
      outcome: 'failure',
      details: { reason: `change password: ${check.reason}`, credential: 'password' },
    });
    throw new BerthError(ErrorCode.DENIED, 'the current password is wrong');
  }
}

function withoutCredentials(user: User & { passwordHash?: string }): User {
  return {
    id: user.id,
    username: user.username,
    isAdmin: user.isAdmin,
    disabled: user.disabled,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    groups: user.groups,
  };
}

function notFound(username: string): BerthError {
  return new BerthError(ErrorCode.NOT_FOUND, `user ${quoted(username)} not found`);
}

export function pageLimit(limit: number | undefined): number {
  if (limit === undefined || limit === null) return DEFAULT_USER_PAGE;
  if (!Number.isInteger(limit) || limit < 1)
    throw new BerthError(ErrorCode.INVALID_ARGUMENT, 'limit must be a positive integer');
  return Math.min(limit, MAX_USER_PAGE);
}
