import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { API_TOKEN_PREFIX } from '../users/user';

/** Bytes of randomness in a token's secret part (base64url: 43 characters). */
export const API_TOKEN_RANDOM_BYTES = 32;
const ID_BYTES = 8;
const FORMAT = /^bpat_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface ApiTokenSecret {
  /** The public id, also the row's key: 16 hex digits. */
  id: string;
  /** The whole secret, `bpat_<id>_<random>`, shown once. */
  secret: string;
}

/** A new token: `bpat_<16 hex id>_<43 base64url characters = 256 random bits>`. */
export function generateApiTokenSecret(): ApiTokenSecret {
  const id = randomBytes(ID_BYTES).toString('hex');
  return {
    id,
    secret: `${API_TOKEN_PREFIX}${id}_${randomBytes(API_TOKEN_RANDOM_BYTES).toString('base64url')}`,
  };
}

/** The id of a secret in the API-token format, or null when it is not one. */
export function apiTokenIdOf(secret: string): string | null {
  const m = FORMAT.exec(secret);
  return m ? m[1] : null;
}

/** What is stored: SHA-256 of the whole secret (its 256 random bits make a slow KDF pointless). */
export function hashApiTokenSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

export function apiTokenSecretMatches(secret: string, storedHash: Buffer): boolean {
  const hash = hashApiTokenSecret(secret);
  return storedHash.length === hash.length && timingSafeEqual(hash, storedHash);
}
