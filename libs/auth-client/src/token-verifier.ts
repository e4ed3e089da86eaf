import { createPublicKey, type KeyObject } from 'node:crypto';
import { BerthError, ErrorCode } from '@berth/errors';
import type { authV1 } from '@berth/proto';
import { decodeJwt, verifyJwtSignature } from './jwt';
import { TOKEN_ALGORITHM, type AccessEntry, type VerifiedToken } from './token-claims';

/** Fetches the auth service's published keys (AuthClient.getSigningKeys in the gateway). */
export type SigningKeysFetcher = () => Promise<authV1.GetSigningKeysResponse>;

export interface TokenVerifierOptions {
  /** Keys older than this are re-fetched before the next verification (default 60 s). */
  refreshIntervalMs?: number;
  /** An unknown kid or a failed fetch triggers a re-fetch at most this often (default 5 s). */
  minFetchIntervalMs?: number;
  /** Clock skew tolerated on exp and nbf (default 30 s). */
  leewaySeconds?: number;
  /** Verified tokens kept in memory until they expire (default 10 000; least recently used go first). */
  maxCachedTokens?: number;
  /** Milliseconds since the epoch; tests pass a fake clock. */
  now?: () => number;
}

interface PublishedKey {
  key: KeyObject;
  /** null: the key is active and has no expiry yet. */
  expiresAtMs: number | null;
}

interface KeySet {
  keys: Map<string, PublishedKey>;
  issuer: string;
  audience: string;
  fetchedAtMs: number;
}

interface CachedToken {
  verified: VerifiedToken;
  validUntilMs: number;
}

/**
 * Verifies Berth access tokens locally with the auth service's public keys.
 *
 * Keys are fetched lazily, re-fetched when older than a minute and when a token names
 * an unknown kid (rotation), at most once per 5 s; when a re-fetch fails the keys
 * already known keep being used. Verified tokens are cached until they expire, so a
 * token seen before costs one Map lookup. Every rejection is a BerthError UNAUTHORIZED
 * whose message gives the reason; when no key could ever be fetched, the fetch error
 * (usually UNAVAILABLE) is thrown instead.
 */
export class TokenVerifier {
  private readonly refreshIntervalMs: number;
  private readonly minFetchIntervalMs: number;
  private readonly leewayMs: number;
  private readonly maxCachedTokens: number;
  private readonly now: () => number;

  private keySet: KeySet | undefined;
  private lastFetchAttemptMs = Number.NEGATIVE_INFINITY;
  private lastFetchError: BerthError | undefined;
  private inflight: Promise<void> | undefined;
  private readonly tokens = new Map<string, CachedToken>();

  constructor(
    private readonly fetchKeys: SigningKeysFetcher,
    options: TokenVerifierOptions = {},
  ) {
    this.refreshIntervalMs = options.refreshIntervalMs ?? 60_000;
    this.minFetchIntervalMs = options.minFetchIntervalMs ?? 5_000;
    this.leewayMs = (options.leewaySeconds ?? 30) * 1000;
    this.maxCachedTokens = options.maxCachedTokens ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Number of verified tokens currently cached. */
  get cachedTokens(): number {
    return this.tokens.size;
  }

  /** Fetches the keys now (e.g. at gateway start); throws what the fetch throws. */
  async refresh(): Promise<void> {
    await this.fetch();
    if (this.lastFetchError) throw this.lastFetchError;
  }

  async verify(token: string): Promise<VerifiedToken> {
    const now = this.now();
    const cached = this.tokens.get(token);
    if (cached) {
      this.tokens.delete(token);
      if (now < cached.validUntilMs) {
        this.tokens.set(token, cached);
        return cached.verified;
      }
    }

    const decoded = decodeJwt(token);
    if (decoded.header.alg !== TOKEN_ALGORITHM)
      throw rejected(`unsupported alg ${JSON.stringify(decoded.header.alg)}`);
    const kid = decoded.header.kid;
    if (!kid) throw rejected('token has no kid');

    const keySet = await this.keySetFor(kid);
    const published = keySet.keys.get(kid);
    if (!published) throw rejected('unknown signing key');
    if (published.expiresAtMs !== null && now > published.expiresAtMs) throw rejected('signing key expired');
    if (!verifyJwtSignature(decoded, published.key)) throw rejected('invalid signature');

    const claims = decoded.claims;
    if (claims['iss'] !== keySet.issuer) throw rejected('wrong issuer');
    if (!audienceMatches(claims['aud'], keySet.audience)) throw rejected('wrong audience');
    const exp = claims['exp'];
    if (typeof exp !== 'number' || !Number.isFinite(exp)) throw rejected('token has no exp');
    if (now > exp * 1000 + this.leewayMs) throw rejected('token expired');
    const nbf = claims['nbf'];
    if (nbf !== undefined && (typeof nbf !== 'number' || now + this.leewayMs < nbf * 1000))
      throw rejected('token not yet valid');
    const subject = claims['sub'];
    if (typeof subject !== 'string') throw rejected('token has no sub');
    const access = parseAccess(claims['access']);

    const verified: VerifiedToken = { subject, access, expiresAt: new Date(exp * 1000) };
    this.remember(token, { verified, validUntilMs: exp * 1000 + this.leewayMs });
    return verified;
  }

  private async keySetFor(kid: string): Promise<KeySet> {
    const now = this.now();
    if (!this.keySet) {
      if (now - this.lastFetchAttemptMs >= this.minFetchIntervalMs || this.inflight) await this.fetch();
      if (!this.keySet)
        throw this.lastFetchError ?? new BerthError(ErrorCode.UNAVAILABLE, 'no signing keys available');
      return this.keySet;
    }
    // Both triggers are throttled, so an auth service that is down is asked at most every 5 s.
    const mayFetch = now - this.lastFetchAttemptMs >= this.minFetchIntervalMs;
    const stale = now - this.keySet.fetchedAtMs >= this.refreshIntervalMs;
    const unknownKid = !this.keySet.keys.has(kid);
    if (((stale || unknownKid) && mayFetch) || this.inflight) await this.fetch();
    return this.keySet;
  }

  /** One fetch at a time; a failure is remembered, never thrown (callers decide). */
  private fetch(): Promise<void> {
    this.inflight ??= (async () => {
      this.lastFetchAttemptMs = this.now();
      try {
        this.keySet = toKeySet(await this.fetchKeys(), this.now());
        this.lastFetchError = undefined;
      } catch (err) {
        this.lastFetchError = BerthError.is(err)
          ? err
          : new BerthError(
              ErrorCode.UNAVAILABLE,
              `cannot fetch signing keys: ${(err as Error)?.message ?? String(err)}`,
            );
      } finally {
        this.inflight = undefined;
      }
    })();
    return this.inflight;
  }

  private remember(token: string, entry: CachedToken): void {
    while (this.tokens.size >= this.maxCachedTokens) {
      const oldest = this.tokens.keys().next();
      if (oldest.done) break;
      this.tokens.delete(oldest.value);
    }
    this.tokens.set(token, entry);
  }
}

function toKeySet(response: authV1.GetSigningKeysResponse, now: number): KeySet {
  const keys = new Map<string, PublishedKey>();
  for (const published of response.keys ?? []) {
    if (published.algorithm !== TOKEN_ALGORITHM || !published.keyId) continue;
    const expiresAtMs = published.expiresAt ? Date.parse(published.expiresAt) : null;
    if (expiresAtMs !== null && (Number.isNaN(expiresAtMs) || expiresAtMs < now)) continue;
    let key: KeyObject;
    try {
      key = createPublicKey(published.publicKeyPem);
    } catch {
      continue;
    }
    if (key.asymmetricKeyType !== 'ed25519') continue;
    keys.set(published.keyId, { key, expiresAtMs });
  }
  return { keys, issuer: response.issuer, audience: response.audience, fetchedAtMs: now };
}

function audienceMatches(aud: unknown, audience: string): boolean {
  if (typeof aud === 'string') return aud === audience;
  return Array.isArray(aud) && aud.includes(audience);
}

function parseAccess(raw: unknown): AccessEntry[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw rejected('access claim is not a list');
  return raw.map((entry: unknown) => {
    const e = entry as Partial<Record<keyof AccessEntry, unknown>> | null;
    if (
      !e ||
      typeof e.type !== 'string' ||
      typeof e.name !== 'string' ||
      !Array.isArray(e.actions) ||
      !e.actions.every((a): a is string => typeof a === 'string')
    ) {
      throw rejected('malformed access claim');
    }
    return { type: e.type, name: e.name, actions: [...e.actions] };
  });
}

function rejected(reason: string): BerthError {
  return new BerthError(ErrorCode.UNAUTHORIZED, `invalid token: ${reason}`);
}
