import { Injectable } from '@nestjs/common';
import { SecretsCipher } from '../secrets/secrets-cipher';
import { newPullSecret, pullSecretContext } from './pull-secret-token';
import type { StoredPullSecret } from './service-account';

/** Mints pull-secret tokens for service accounts and reads them back (sealed with the secrets key). */
@Injectable()
export class PullSecrets {
  constructor(private readonly cipher: SecretsCipher) {}

  /** A fresh token for the account, and what to store: its hash and the sealed token. */
  issue(serviceAccountId: string, now = new Date()): { token: string; stored: StoredPullSecret } {
    const fresh = newPullSecret();
    const { keyId, sealed } = this.cipher.seal(fresh.token, pullSecretContext(serviceAccountId, fresh.id));
    return { token: fresh.token, stored: { id: fresh.id, hash: fresh.hash, sealed, keyId, createdAt: now } };
  }

  /** The token of a stored secret. */
  reveal(serviceAccountId: string, stored: StoredPullSecret): string {
    return this.cipher.open(
      { keyId: stored.keyId, sealed: stored.sealed },
      pullSecretContext(serviceAccountId, stored.id),
    );
  }
}
