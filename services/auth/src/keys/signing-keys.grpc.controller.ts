import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { authV1 } from '@berth/proto';
import { SigningKeysService } from './signing-keys.service';

@Controller()
export class SigningKeysGrpcController {
  constructor(private readonly keys: SigningKeysService) {}

  @GrpcMethod('AuthService', 'GetSigningKeys')
  async getSigningKeys(_request: authV1.GetSigningKeysRequest): Promise<authV1.GetSigningKeysResponse> {
    const publication = await this.keys.publication();
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
}
