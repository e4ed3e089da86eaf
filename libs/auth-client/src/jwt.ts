import { createPrivateKey, sign, verify, type KeyObject } from 'node:crypto';
import { BerthError, ErrorCode } from '@berth/errors';
import type { JwtHeader } from './token-claims';

/** A compact JWS split into its parts; nothing in it is verified yet. */
export interface DecodedJwt {
  header: JwtHeader;
  claims: Record<string, unknown>;
  /** `base64url(header) + "." + base64url(payload)`: the bytes the signature covers. */
  signingInput: string;
  signature: Buffer;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Longest token decodeJwt accepts; real tokens are well under 8 KiB. */
export const MAX_TOKEN_LENGTH = 64 * 1024;

export function base64UrlEncode(data: Buffer | string): string {
  return (typeof data === 'string' ? Buffer.from(data, 'utf8') : data).toString('base64url');
}

export function base64UrlDecode(text: string): Buffer {
  if (!BASE64URL.test(text) || text.length % 4 === 1) throw malformed('invalid base64url');
  return Buffer.from(text, 'base64url');
}

/**
 * Signs `claims` as a compact JWS with an Ed25519 private key (PKCS#8 PEM or a
 * KeyObject; pass a KeyObject on hot paths to avoid re-parsing the PEM).
 */
export function signJwt(header: JwtHeader, claims: object, privateKey: string | KeyObject): string {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`signJwt needs an Ed25519 key, got ${key.asymmetricKeyType}`);
  if (header.alg !== 'EdDSA') throw new Error(`signJwt signs EdDSA only, got alg ${header.alg}`);
  const signingInput = `${base64UrlEncode(JSON.stringify(header))}.${base64UrlEncode(JSON.stringify(claims))}`;
  const signature = sign(null, Buffer.from(signingInput, 'ascii'), key);
  return `${signingInput}.${base64UrlEncode(signature)}`;
}

/** Splits and parses a compact JWS; throws UNAUTHORIZED when it is not one. */
export function decodeJwt(token: string): DecodedJwt {
  if (typeof token !== 'string' || token.length === 0) throw malformed('empty token');
  if (token.length > MAX_TOKEN_LENGTH) throw malformed('token too long');
  const parts = token.split('.');
  if (parts.length !== 3) throw malformed('not a compact JWS');
  const [headerPart, payloadPart, signaturePart] = parts;
  const header = parseJsonObject(base64UrlDecode(headerPart), 'header');
  const claims = parseJsonObject(base64UrlDecode(payloadPart), 'payload');
  if (typeof header['alg'] !== 'string') throw malformed('header has no alg');
  if (header['kid'] !== undefined && typeof header['kid'] !== 'string')
    throw malformed('header kid is not a string');
  if (header['typ'] !== undefined && typeof header['typ'] !== 'string')
    throw malformed('header typ is not a string');
  return {
    header: header as unknown as JwtHeader,
    claims,
    signingInput: `${headerPart}.${payloadPart}`,
    signature: base64UrlDecode(signaturePart),
  };
}

/** Checks an EdDSA signature of a decoded token against an Ed25519 public key. */
export function verifyJwtSignature(decoded: DecodedJwt, publicKey: KeyObject): boolean {
  if (decoded.header.alg !== 'EdDSA' || publicKey.asymmetricKeyType !== 'ed25519') return false;
  return verify(null, Buffer.from(decoded.signingInput, 'ascii'), publicKey, decoded.signature);
}

function parseJsonObject(bytes: Buffer, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw malformed(`${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw malformed(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

function malformed(reason: string): BerthError {
  return new BerthError(ErrorCode.UNAUTHORIZED, `malformed token: ${reason}`);
}
