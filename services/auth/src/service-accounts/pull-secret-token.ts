import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Pull-secret tokens look like `bsat_<id>_<random>`: `<id>` names the secret, `<random>` is 256 bits. */
export const PULL_SECRET_PREFIX = 'bsat_';
const TOKEN = /^bsat_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface NewPullSecret {
  id: string;
  token: string;
  /** SHA-256 of the token: what logins are verified against. */
  hash: Buffer;
}

export function newPullSecret(): NewPullSecret {
  const id = randomBytes(8).toString('hex');
  const token = `${PULL_SECRET_PREFIX}${id}_${randomBytes(32).toString('base64url')}`;
  return { id, token, hash: hashPullSecret(token) };
}

/** The secret id of a well-formed token, null otherwise. */
export function pullSecretIdOf(token: string): string | null {
  return TOKEN.exec(token)?.[1] ?? null;
}

export function hashPullSecret(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Constant-time comparison of a presented token with a stored hash. */
export function pullSecretMatches(token: string, storedHash: Buffer): boolean {
  const presented = hashPullSecret(token);
  return presented.length === storedHash.length && timingSafeEqual(presented, storedHash);
}

/** What encrypts a service account's pull secret is bound to: the account and the secret id. */
export function pullSecretContext(serviceAccountId: string, secretId: string): string {
  return `pull-secret:${serviceAccountId}:${secretId}`;
}
