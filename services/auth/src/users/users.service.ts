import { Injectable, Logger } from '@nestjs/common';
import { BerthError, ErrorCode } from '@berth/errors';
import { PasswordHasher } from './password-hasher';
import type { Principal } from './principal';
import { BOOTSTRAP_ADMIN_USERNAME, isValidUsername } from './user';
import { UsersRepository } from './users.repository';
import { VerificationCache } from './verification-cache';

@Injectable()
export class UsersService {
  private readonly logger = new Logger('Users');
  /** A hash of nothing in particular, verified against for unknown users so they take as long as known ones. */
  private decoyHash: Promise<string> | undefined;

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly verified: VerificationCache,
  ) {}

  /**
   * Checks a username and password. Usernames are case-insensitive (stored lowercase).
   * Throws UNAUTHORIZED for an unknown user, a wrong password or a disabled user, and
   * logs the attempt with the username and client address only.
   */
  async authenticate(username: string, secret: string, clientIp: string): Promise<Principal> {
    const name = username.toLowerCase();
    if (!isValidUsername(name) || secret === '') throw this.loginFailed(username, clientIp);

    const user = await this.users.findByUsername(name);
    if (!user) {
      await this.hasher.verify(secret, await this.decoy());
      throw this.loginFailed(username, clientIp);
    }
    const cacheKey = VerificationCache.keyOf(name, secret);
    if (!this.verified.has(cacheKey, user.passwordHash)) {
      if (!(await this.hasher.verify(secret, user.passwordHash))) throw this.loginFailed(username, clientIp);
      this.verified.remember(cacheKey, user.passwordHash);
    }
    if (user.disabled) throw this.loginFailed(username, clientIp, 'user is disabled');
    return {
      kind: 'user',
      subject: user.username,
      userId: user.id,
      username: user.username,
      isAdmin: user.isAdmin,
    };
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
    return this.users.insertIfAbsent({ username: BOOTSTRAP_ADMIN_USERNAME, passwordHash, isAdmin: true });
  }

  private decoy(): Promise<string> {
    this.decoyHash ??= this.hasher.hash(`decoy-${Math.random()}`);
    return this.decoyHash;
  }

  private loginFailed(
    username: string,
    clientIp: string,
    message = 'invalid username or password',
  ): BerthError {
    this.logger.warn(
      `login failed: user=${JSON.stringify(username.slice(0, 64))} ip=${JSON.stringify(clientIp.slice(0, 64))}`,
    );
    return new BerthError(ErrorCode.UNAUTHORIZED, message);
  }
}
