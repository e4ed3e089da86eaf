import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** A signing key as the domain sees it. */
export interface SigningKey {
  kid: string;
  privateKeyPem: string;
  publicKeyPem: string;
  createdAt: Date;
  retiresAt: Date | null;
  expiresAt: Date | null;
}

/** A public key as published to verifiers. */
export interface PublishedKey {
  kid: string;
  publicKeyPem: string;
  /** null: the key is active; tokens it signs stay valid at least until a rotation plus the grace period. */
  expiresAt: Date | null;
}

/**
 * A fresh Ed25519 key pair. Its kid is the RFC 7638 JWK thumbprint of the public key,
 * so the kid is derived from the key and never collides by accident.
 */
export function generateSigningKey(createdAt: Date): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    kid: jwkThumbprint(publicKey),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    createdAt,
    retiresAt: null,
    expiresAt: null,
  };
}

function jwkThumbprint(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  // Members in lexicographic order, no whitespace (RFC 7638 §3.2, RFC 8037 §2 for OKP).
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  return createHash('sha256').update(canonical).digest('base64url');
}
