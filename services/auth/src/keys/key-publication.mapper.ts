import type { authV1 } from '@berth/proto';
import type { KeyPublication } from './signing-keys.service';

/** The published keys as GetSigningKeys answers them (and as TokenVerifier reads them). */
export function toSigningKeysResponse(publication: KeyPublication): authV1.GetSigningKeysResponse {
  return {
    keys: publication.keys.map((k) => ({
      keyId: k.kid,
      algorithm: k.algorithm,
      publicKeyPem: k.publicKeyPem,
      // Empty for the active key: it has no expiry until it is retired.
      expiresAt: k.expiresAt ? k.expiresAt.toISOString() : '',
    })),
    issuer: publication.issuer,
    audience: publication.audience,
  };
}
