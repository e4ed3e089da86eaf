import { Injectable } from '@nestjs/common';
import { accountFailure, credentialFailure, type CredentialCheck } from '../authn/credential-check';
import { PasswordHasher } from './password-hasher';
import { userPrincipal } from './principal-of';
import { isValidUsername } from './user';
import { UsersRepository } from './users.repository';
import { VerificationCache } from './verification-cache';

/**
 * Checks a username and password. Usernames are case-insensitive (stored lowercase). Unknown
 * users cost the same scrypt work as known ones; successful verifications are remembered for a
 * short while (VerificationCache) so a burst of token requests runs scrypt once.
 */
@Injectable()
export class PasswordCredentials {
  /** A hash of nothing in particular, verified against for unknown users so they take as long as known ones. */
  private decoyHash: Promise<string> | undefined;

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly verified: VerificationCache,
  ) {}

  async check(username: string, password: string): Promise<CredentialCheck> {
    const name = username.toLowerCase();
    if (!isValidUsername(name)) return accountFailure('password', 'invalid username', null);
    if (password === '') return credentialFailure('password', 'empty password');

    const user = await this.users.findByUsername(name);
    if (!user) {
      await this.hasher.verify(password, await this.decoy());
      return accountFailure('password', 'unknown user', null);
    }
    const cacheKey = VerificationCache.keyOf(name, password);
    if (!this.verified.has(cacheKey, user.passwordHash)) {
      if (!(await this.hasher.verify(password, user.passwordHash)))
        return accountFailure('password', 'wrong password', user.username);
      this.verified.remember(cacheKey, user.passwordHash);
    }
    if (user.disabled) return accountFailure('password', 'user disabled', user.username, 'user is disabled');
    return { ok: true, credential: 'password', principal: userPrincipal(user) };
  }

  /** The canonical name of the user `username` names, or null when there is none. */
  async accountOf(username: string): Promise<string | null> {
    const name = username.toLowerCase();
    if (!isValidUsername(name)) return null;
    return (await this.users.exists(name)) ? name : null;
  }

  private decoy(): Promise<string> {
    this.decoyHash ??= this.hasher.hash(`decoy-${Math.random()}`);
    return this.decoyHash;
  }
}
