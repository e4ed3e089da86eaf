import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { authV1 } from '@berth/proto';
import { toSigningKeysResponse } from './key-publication.mapper';
import { SigningKeysService } from './signing-keys.service';

@Controller()
export class SigningKeysGrpcController {
  constructor(private readonly keys: SigningKeysService) {}

  @GrpcMethod('AuthService', 'GetSigningKeys')
  async getSigningKeys(_request: authV1.GetSigningKeysRequest): Promise<authV1.GetSigningKeysResponse> {
    return toSigningKeysResponse(await this.keys.publication());
  }
}
