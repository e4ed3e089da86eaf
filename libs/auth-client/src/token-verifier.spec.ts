import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { BerthError, ErrorCode } from '@berth/errors';
import type { authV1 } from '@berth/proto';
import { base64UrlEncode, signJwt } from './jwt';
import { hasAccess, type AccessTokenClaims } from './token-claims';
import { TokenVerifier } from './token-verifier';

interface TestKey {
  kid: string;
  privateKey: KeyObject;
  publicPem: string;
}

function newKey(kid: string): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { kid, privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

const ISSUER = 'berth-auth';
const AUDIENCE = 'berth';
const T0 = Date.parse('2025-01-01T00:00:00Z');

class Harness {
  nowMs = T0;
  published: Array<{ key: TestKey; expiresAt?: number }> = [];
  fetches = 0;
  failFetch = false;

  readonly verifier = new TokenVerifier(() => this.fetch(), { now: () => this.nowMs, maxCachedTokens: 3 });

  private async fetch(): Promise<authV1.GetSigningKeysResponse> {
    this.fetches++;
    if (this.failFetch) throw new BerthError(ErrorCode.UNAVAILABLE, 'auth is down');
    return {
      issuer: ISSUER,
      audience: AUDIENCE,
      keys: this.published.map(({ key, expiresAt }) => ({
        keyId: key.kid,
        algorithm: 'EdDSA',
        publicKeyPem: key.publicPem,
        expiresAt: expiresAt === undefined ? '' : new Date(expiresAt).toISOString(),
      })),
    };
  }

  token(key: TestKey, overrides: Partial<AccessTokenClaims> = {}): string {
    const iat = Math.floor(this.nowMs / 1000);
    const claims: AccessTokenClaims = {
      iss: ISSUER,
      sub: 'admin',
      aud: AUDIENCE,
      iat,
      nbf: iat,
      exp: iat + 300,
      jti: `jti-${Math.random()}`,
      access: [{ type: 'repository', name: 'ns/app', actions: ['pull', 'push'] }],
      ...overrides,
    };
    return signJwt({ alg: 'EdDSA', typ: 'JWT', kid: key.kid }, claims, key.privateKey);
  }
}

const unauthorized = (reason: string) =>
  expect.objectContaining({ code: ErrorCode.UNAUTHORIZED, message: `invalid token: ${reason}` });

describe('TokenVerifier', () => {
  let h: Harness;
  let k1: TestKey;

  beforeEach(() => {
    h = new Harness();
    k1 = newKey('k1');
    h.published = [{ key: k1 }];
  });

  it('verifies a valid token and returns subject, access and expiry', async () => {
    const verified = await h.verifier.verify(h.token(k1));
    expect(verified).toEqual({
      subject: 'admin',
      access: [{ type: 'repository', name: 'ns/app', actions: ['pull', 'push'] }],
      expiresAt: new Date(T0 + 300_000),
    });
    expect(hasAccess(verified, 'repository', 'ns/app', 'push')).toBe(true);
    expect(hasAccess(verified, 'repository', 'ns/app', 'delete')).toBe(false);
    expect(hasAccess(verified, 'repository', 'ns/other', 'pull')).toBe(false);
  });

  it('rejects an expired token, with 30 s of leeway', async () => {
    const token = h.token(k1);
    h.nowMs = T0 + 300_000 + 29_000;
    await expect(h.verifier.verify(token)).resolves.toMatchObject({ subject: 'admin' });
    const other = h.token(k1, { exp: Math.floor(T0 / 1000) + 10 });
    h.nowMs = T0 + 10_000 + 31_000;
    await expect(h.verifier.verify(other)).rejects.toEqual(unauthorized('token expired'));
  });

  it('drops a cached token once it expires', async () => {
    const token = h.token(k1);
    await h.verifier.verify(token);
    h.nowMs = T0 + 331_000;
    await expect(h.verifier.verify(token)).rejects.toEqual(unauthorized('token expired'));
  });

  it('rejects a token that is not valid yet', async () => {
    const nbf = Math.floor(T0 / 1000) + 120;
    await expect(h.verifier.verify(h.token(k1, { nbf, exp: nbf + 300 }))).rejects.toEqual(
      unauthorized('token not yet valid'),
    );
  });

  it('rejects a wrong audience or issuer', async () => {
    await expect(h.verifier.verify(h.token(k1, { aud: 'other-registry' }))).rejects.toEqual(
      unauthorized('wrong audience'),
    );
    await expect(h.verifier.verify(h.token(k1, { iss: 'someone-else' }))).rejects.toEqual(
      unauthorized('wrong issuer'),
    );
  });

  it('rejects a tampered payload', async () => {
    const [header, , signature] = h.token(k1, { access: [] }).split('.');
    const forged = h.token(k1).split('.')[1];
    await expect(h.verifier.verify(`${header}.${forged}.${signature}`)).rejects.toEqual(
      unauthorized('invalid signature'),
    );
  });

  it('rejects a token signed by a key with a published kid but another private key', async () => {
    const impostor = { ...newKey('k1') };
    await expect(h.verifier.verify(h.token(impostor))).rejects.toEqual(unauthorized('invalid signature'));
  });

  it('rejects other algorithms and tokens without kid', async () => {
    const [, payload, signature] = h.token(k1).split('.');
    const none = `${base64UrlEncode(JSON.stringify({ alg: 'none', kid: 'k1' }))}.${payload}.${signature}`;
    await expect(h.verifier.verify(none)).rejects.toEqual(unauthorized('unsupported alg "none"'));
    const noKid = `${base64UrlEncode(JSON.stringify({ alg: 'EdDSA' }))}.${payload}.${signature}`;
    await expect(h.verifier.verify(noKid)).rejects.toEqual(unauthorized('token has no kid'));
    await expect(h.verifier.verify('garbage')).rejects.toMatchObject({ code: ErrorCode.UNAUTHORIZED });
  });

  it('re-fetches keys on an unknown kid, at most once per 5 s', async () => {
    await h.verifier.verify(h.token(k1));
    expect(h.fetches).toBe(1);

    const k2 = newKey('k2');
    h.published.push({ key: k2 });
    h.nowMs += 1_000;
    // Within 5 s of the last fetch an unknown kid does not hit the auth service again.
    await expect(h.verifier.verify(h.token(k2))).rejects.toEqual(unauthorized('unknown signing key'));
    expect(h.fetches).toBe(1);

    h.nowMs += 5_000;
    await expect(h.verifier.verify(h.token(k2))).resolves.toMatchObject({ subject: 'admin' });
    expect(h.fetches).toBe(2);

    const k3 = newKey('k3');
    h.nowMs += 1_000;
    await expect(h.verifier.verify(h.token(k3))).rejects.toEqual(unauthorized('unknown signing key'));
    await expect(h.verifier.verify(h.token(k3))).rejects.toEqual(unauthorized('unknown signing key'));
    expect(h.fetches).toBe(2);
  });

  it('re-fetches keys every 60 s, dropping keys that are no longer published', async () => {
    const t1 = h.token(k1);
    await h.verifier.verify(t1);
    h.nowMs += 61_000;
    h.published = [{ key: newKey('k2') }];
    await expect(h.verifier.verify(h.token(k1))).rejects.toEqual(unauthorized('unknown signing key'));
    expect(h.fetches).toBe(2);
  });

  it('verifies tokens of both the retired and the new key after a rotation, until the old key expires', async () => {
    const oldToken = h.token(k1);
    await h.verifier.verify(oldToken);

    const k2 = newKey('k2');
    h.published = [{ key: k1, expiresAt: T0 + 40_000 }, { key: k2 }];
    h.nowMs += 6_000;
    const newToken = h.token(k2);
    await expect(h.verifier.verify(newToken)).resolves.toMatchObject({ subject: 'admin' });
    const oldFresh = h.token(k1, { jti: 'another' });
    await expect(h.verifier.verify(oldFresh)).resolves.toMatchObject({ subject: 'admin' });
    expect(h.fetches).toBe(2);

    h.nowMs = T0 + 41_000;
    await expect(h.verifier.verify(h.token(k1, { jti: 'late' }))).rejects.toEqual(
      unauthorized('signing key expired'),
    );
    // Once re-fetched, the auth service no longer publishes the expired key.
    h.nowMs = T0 + 70_000;
    await expect(h.verifier.verify(h.token(k1, { jti: 'later' }))).rejects.toEqual(
      unauthorized('unknown signing key'),
    );
    await expect(h.verifier.verify(h.token(k2, { jti: 'later' }))).resolves.toMatchObject({
      subject: 'admin',
    });
  });

  it('serves cached tokens from memory, bounded, least recently used evicted first', async () => {
    const tokens = [0, 1, 2, 3].map((i) => h.token(k1, { jti: `t${i}` }));
    for (const t of tokens.slice(0, 3)) await h.verifier.verify(t);
    await h.verifier.verify(tokens[0]);
    await h.verifier.verify(tokens[3]);
    expect(h.verifier.cachedTokens).toBe(3);
    // The auth service going away does not matter for cached tokens.
    h.failFetch = true;
    h.nowMs += 61_000;
    await expect(h.verifier.verify(tokens[0])).resolves.toMatchObject({ subject: 'admin' });
    // tokens[1] was evicted; re-verifying it uses the known keys after the failed refresh.
    await expect(h.verifier.verify(tokens[1])).resolves.toMatchObject({ subject: 'admin' });
    expect(h.fetches).toBe(2);
    // A failed refresh is not retried on every request, only after 5 s.
    await expect(h.verifier.verify(h.token(k1, { jti: 'x1' }))).resolves.toMatchObject({ subject: 'admin' });
    expect(h.fetches).toBe(2);
    h.nowMs += 5_000;
    await expect(h.verifier.verify(h.token(k1, { jti: 'x2' }))).resolves.toMatchObject({ subject: 'admin' });
    expect(h.fetches).toBe(3);
  });

  it('reports the fetch error when no key was ever fetched, retrying at most every 5 s', async () => {
    h.failFetch = true;
    await expect(h.verifier.verify(h.token(k1))).rejects.toMatchObject({
      code: ErrorCode.UNAVAILABLE,
      message: 'auth is down',
    });
    await expect(h.verifier.verify(h.token(k1))).rejects.toMatchObject({ code: ErrorCode.UNAVAILABLE });
    expect(h.fetches).toBe(1);
    h.failFetch = false;
    h.nowMs += 5_000;
    await expect(h.verifier.verify(h.token(k1))).resolves.toMatchObject({ subject: 'admin' });
  });

  it('fetches once for concurrent first verifications', async () => {
    const results = await Promise.all([0, 1, 2].map((i) => h.verifier.verify(h.token(k1, { jti: `c${i}` }))));
    expect(results).toHaveLength(3);
    expect(h.fetches).toBe(1);
  });

  it('rejects a malformed access claim', async () => {
    const token = h.token(k1, { access: [{ type: 'repository', name: 'ns/app', actions: 'pull' }] as never });
    await expect(h.verifier.verify(token)).rejects.toEqual(unauthorized('malformed access claim'));
  });
});

describe('hasAccess', () => {
  it('treats a granted * as every action', () => {
    const verified = { access: [{ type: 'registry', name: 'catalog', actions: ['*'] }] };
    expect(hasAccess(verified, 'registry', 'catalog', '*')).toBe(true);
    expect(hasAccess(verified, 'repository', 'catalog', 'pull')).toBe(false);
  });
});
