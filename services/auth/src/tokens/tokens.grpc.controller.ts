import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { authV1 } from '@berth/proto';
import { TokenService } from './token.service';

@Controller()
export class TokensGrpcController {
  constructor(private readonly tokens: TokenService) {}

  @GrpcMethod('AuthService', 'IssueToken')
  async issueToken(request: authV1.IssueTokenRequest): Promise<authV1.IssueTokenResponse> {
    const issued = await this.tokens.issue({
      username: request.username,
      secret: request.secret,
      service: request.service,
      scopes: request.scopes,
      clientIp: request.clientIp,
    });
    return {
      token: issued.token,
      expiresInSeconds: issued.expiresInSeconds,
      issuedAt: issued.issuedAt.toISOString(),
      subject: issued.subject,
      access: issued.access.map((a) => ({ type: a.type, name: a.name, actions: [...a.actions] })),
    };
  }
}
