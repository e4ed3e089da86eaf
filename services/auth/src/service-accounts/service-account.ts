/** A service account as the domain sees it (no secret material). */
export interface ServiceAccountRecord {
  id: string;
  projectId: string;
  project: string;
  name: string;
  createdAt: Date;
  /** When the current pull secret was created; null when revoked. */
  secretCreatedAt: Date | null;
}

/** A service account's current pull secret as stored: id, SHA-256, and the token sealed with the secrets key. */
export interface StoredPullSecret {
  id: string;
  hash: Buffer;
  sealed: Buffer;
  keyId: string;
  createdAt: Date;
}

export interface ServiceAccountWithSecret extends ServiceAccountRecord {
  secret: StoredPullSecret | null;
}
