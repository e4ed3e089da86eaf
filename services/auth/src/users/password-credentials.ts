import { Injectable } from '@nestjs/common';
import { accountFailure, credentialFailure, type CredentialCheck } from '../authn/credential-check';
import { PasswordHasher } from './password-hasher';
import { userPrincipal } from './principal-of';
import { isValidUsername } from './user';
import { UsersRepository } from './users.repository';
import { VerificationCache } from './verification-cache';

/** Called right before a password is really verified (scrypt): the login throttle reserves the attempt there. */
export type BeforeVerifying = () => Promise<void>;

const NOTHING_TO_RESERVE: BeforeVerifying = async () => undefined;

/**
 * Checks a username and password. Usernames are case-insensitive (stored lowercase). Unknown
 * users cost the same scrypt work as known ones; successful verifications are remembered for a
 * short while (VerificationCache) so a burst of token requests runs scrypt once, and identical
 * checks that arrive while one is running wait for it instead of running their own. Only a real
 * verification calls `beforeVerifying` (where the throttle counts the attempt): a password already
 * verified, or one being verified, is not a guess.
 */
@Injectable()
export class PasswordCredentials {
  /** A hash of nothing in particular, verified against for unknown users so they take as long as known ones. */
  private decoyHash: Promise<string> | undefined;
  /** Verifications running now, by (cache key, stored hash). */
  private readonly inFlight = new Map<string, Promise<boolean>>();

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly verified: VerificationCache,
  ) {}

  async check(
    username: string,
    password: string,
    beforeVerifying: BeforeVerifying = NOTHING_TO_RESERVE,
  ): Promise<CredentialCheck> {
    const name = username.toLowerCase();
    if (!isValidUsername(name)) return accountFailure('password', 'invalid username', null);
    if (password === '') return credentialFailure('password', 'empty password');

    const user = await this.users.findByUsername(name);
    if (!user) {
      await beforeVerifying();
      await this.hasher.verify(password, await this.decoy());
      return accountFailure('password', 'unknown user', null);
    }
    const cacheKey = VerificationCache.keyOf(name, password);
    if (!this.verified.has(cacheKey, user.passwordHash)) {
      if (!(await this.verifyOnce(cacheKey, password, user.passwordHash, beforeVerifying)))
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

  /**
   * One scrypt verification per (password, stored hash) at a time; identical callers arriving
   * meanwhile share its outcome (a refusal of the announcement included) and announce nothing.
   */
  private async verifyOnce(
    cacheKey: string,
    password: string,
    passwordHash: string,
    beforeVerifying: BeforeVerifying,
  ): Promise<boolean> {
    const flightKey = `${cacheKey}\n${passwordHash}`;
    const running = this.inFlight.get(flightKey);
    if (running) return running;
    const verification = (async () => {
      await beforeVerifying();
      return this.hasher.verify(password, passwordHash);
    })();
    this.inFlight.set(flightKey, verification);
    try {
      return await verification;
    } finally {
      this.inFlight.delete(flightKey);
    }
  }

  private decoy(): Promise<string> {
    this.decoyHash ??= this.hasher.hash(`decoy-${Math.random()}`);
    return this.decoyHash;
  }
}
