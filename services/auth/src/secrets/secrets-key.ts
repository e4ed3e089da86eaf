import { createHash } from 'node:crypto';

/** Length of a secrets key: AES-256. */
export const SECRETS_KEY_BYTES = 32;

/** A decoded secrets key and its public identifier (stored beside every ciphertext it sealed). */
export interface SecretsKey {
  /** `k1-` + the first 16 hex digits of SHA-256(key): names the key without revealing it. */
  id: string;
  material: Buffer;
}

const HEX = /^[0-9a-fA-F]{64}$/;
const BASE64 = /^[A-Za-z0-9+/_-]{43}=?$/;

/**
 * Decodes BERTH_SECRETS_KEY: 32 bytes written as 64 hex digits or as base64 (standard or URL-safe).
 * The error never repeats the value.
 */
export function decodeSecretsKey(encoded: string): SecretsKey {
  const text = encoded.trim();
  let material: Buffer | undefined;
  if (HEX.test(text)) material = Buffer.from(text, 'hex');
  else if (BASE64.test(text)) material = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (material?.length !== SECRETS_KEY_BYTES) {
    throw new Error(
      `BERTH_SECRETS_KEY must be ${SECRETS_KEY_BYTES} random bytes written as 64 hex digits or as base64 ` +
        `(e.g. the output of "openssl rand -base64 32")`,
    );
  }
  return { id: secretsKeyId(material), material };
}

function secretsKeyId(material: Buffer): string {
  return `k1-${createHash('sha256').update('berth-secrets-key-id').update(material).digest('hex').slice(0, 16)}`;
}
