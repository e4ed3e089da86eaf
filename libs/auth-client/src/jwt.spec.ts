import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { ErrorCode } from '@berth/errors';
import { base64UrlDecode, base64UrlEncode, decodeJwt, signJwt, verifyJwtSignature } from './jwt';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('jwt', () => {
  it('signs EdDSA tokens that decode and verify with the public key', () => {
    const token = signJwt({ alg: 'EdDSA', typ: 'JWT', kid: 'k1' }, { sub: 'admin', n: 1 }, privatePem);
    const decoded = decodeJwt(token);
    expect(decoded.header).toEqual({ alg: 'EdDSA', typ: 'JWT', kid: 'k1' });
    expect(decoded.claims).toEqual({ sub: 'admin', n: 1 });
    expect(verifyJwtSignature(decoded, publicKey)).toBe(true);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('accepts a KeyObject as well as a PEM', () => {
    const token = signJwt({ alg: 'EdDSA', kid: 'k1' }, { a: 1 }, privateKey);
    expect(
      verifyJwtSignature(
        decodeJwt(token),
        createPublicKey(publicKey.export({ type: 'spki', format: 'pem' })),
      ),
    ).toBe(true);
  });

  it('fails verification for a tampered payload or another key', () => {
    const token = signJwt({ alg: 'EdDSA', kid: 'k1' }, { sub: 'guest' }, privateKey);
    const [h, , s] = token.split('.');
    const tampered = `${h}.${base64UrlEncode(JSON.stringify({ sub: 'admin' }))}.${s}`;
    expect(verifyJwtSignature(decodeJwt(tampered), publicKey)).toBe(false);
    const other = generateKeyPairSync('ed25519').publicKey;
    expect(verifyJwtSignature(decodeJwt(token), other)).toBe(false);
  });

  it('refuses to verify a token whose header names another algorithm', () => {
    const token = signJwt({ alg: 'EdDSA', kid: 'k1' }, { a: 1 }, privateKey);
    const [, p, s] = token.split('.');
    const forged = `${base64UrlEncode(JSON.stringify({ alg: 'none', kid: 'k1' }))}.${p}.${s}`;
    expect(verifyJwtSignature(decodeJwt(forged), publicKey)).toBe(false);
  });

  it.each([
    ['', 'empty token'],
    ['a.b', 'not a compact JWS'],
    ['a.b.c.d', 'not a compact JWS'],
    ['!!.e30.', 'invalid base64url'],
    [`${base64UrlEncode('nope')}.e30.`, 'header is not JSON'],
    [`${base64UrlEncode('[1]')}.e30.`, 'header is not a JSON object'],
    [`${base64UrlEncode('{"typ":"JWT"}')}.e30.`, 'header has no alg'],
  ])('rejects %p as malformed (%s) with UNAUTHORIZED', (token, reason) => {
    expect(() => decodeJwt(token)).toThrow(
      expect.objectContaining({ code: ErrorCode.UNAUTHORIZED, message: `malformed token: ${reason}` }),
    );
  });

  it('round-trips base64url', () => {
    const bytes = Buffer.from([0xfb, 0xff, 0x00, 0x3e]);
    expect(base64UrlDecode(base64UrlEncode(bytes))).toEqual(bytes);
  });
});
