import { createHash } from 'node:crypto';

/** Longest time a successful password verification is remembered. */
export const MAX_VERIFICATION_CACHE_TTL_MS = 60_000;

interface Entry {
  passwordHash: string;
  expiresAtMs: number;
}

/**
 * Remembers successful password verifications for a short time, so a `docker pull`
 * that asks for many tokens runs scrypt once. Keyed by sha256(username, secret), never
 * the secret itself; an entry only counts while the user's stored hash is the one it
 * was verified against, so a password change invalidates it at once. Failed
 * verifications are never stored.
 */
export class VerificationCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;

  constructor(
    ttlMs = MAX_VERIFICATION_CACHE_TTL_MS,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {
    this.ttlMs = Math.min(ttlMs, MAX_VERIFICATION_CACHE_TTL_MS);
  }

  static keyOf(username: string, secret: string): string {
    return createHash('sha256').update(username).update('\0').update(secret).digest('base64');
  }

  /** True when (key) was verified against exactly `passwordHash` less than ttl ago. */
  has(key: string, passwordHash: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    if (this.now() >= entry.expiresAtMs || entry.passwordHash !== passwordHash) {
      this.entries.delete(key);
      return false;
    }
    return true;
  }

  remember(key: string, passwordHash: string): void {
    this.entries.delete(key);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    this.entries.set(key, { passwordHash, expiresAtMs: this.now() + this.ttlMs });
  }

  get size(): number {
    return this.entries.size;
  }
}
