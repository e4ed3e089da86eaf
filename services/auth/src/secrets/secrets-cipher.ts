import { BerthError, ErrorCode } from '@berth/errors';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretsKey } from './secrets-key';

const ALGORITHM = 'aes-256-gcm';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** A secret sealed with AES-256-GCM: which key sealed it, and nonce ‖ ciphertext ‖ tag. */
export interface SealedSecret {
  keyId: string;
  sealed: Buffer;
}

/**
 * Encrypts secrets kept at rest (pull-secret tokens, registry passwords) with AES-256-GCM under
 * the secrets key: a random 96-bit nonce per secret, and `context` (what the secret belongs to,
 * e.g. `pull-secret:<service account id>`) bound as additional data, so a ciphertext copied to
 * another row does not decrypt. The key id is stored with each ciphertext so the key can be
 * rotated later (old keys kept for reading, the current one for writing).
 */
export class SecretsCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;
  private readonly current: SecretsKey;

  /** `current` seals; `current` and `previous` keys open. */
  constructor(current: SecretsKey, previous: readonly SecretsKey[] = []) {
    this.current = current;
    this.keys = new Map([...previous, current].map((k) => [k.id, k.material]));
  }

  get keyId(): string {
    return this.current.id;
  }

  seal(plaintext: string, context: string): SealedSecret {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.current.material, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { keyId: this.current.id, sealed: Buffer.concat([nonce, body, cipher.getAuthTag()]) };
  }

  /** Throws UNKNOWN (without details) when the key is unknown or the ciphertext was tampered with. */
  open(secret: SealedSecret, context: string): string {
    const key = this.keys.get(secret.keyId);
    if (!key)
      throw new BerthError(
        ErrorCode.UNKNOWN,
        'a stored secret was sealed with a key this server does not hold',
      );
    if (secret.sealed.length < NONCE_BYTES + TAG_BYTES) throw unreadable();
    const nonce = secret.sealed.subarray(0, NONCE_BYTES);
    const tag = secret.sealed.subarray(secret.sealed.length - TAG_BYTES);
    const body = secret.sealed.subarray(NONCE_BYTES, secret.sealed.length - TAG_BYTES);
    try {
      const decipher = createDecipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw unreadable();
    }
  }
}

function unreadable(): BerthError {
  return new BerthError(
    ErrorCode.UNKNOWN,
    'a stored secret could not be decrypted (corrupted or tampered with)',
  );
}
