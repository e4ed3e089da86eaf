import { Module } from '@nestjs/common';
import { AUTH_CLIENT, TokenVerifier, type AuthClient } from '@berth/auth-client';
import { AccessService } from './access.service';
import { BasicExchangeService } from './basic-exchange.service';
import { TokenController } from './token.controller';

/** Token verification (auth's published keys, cached), access decisions and the token realm. */
@Module({
  controllers: [TokenController],
  providers: [
    {
      provide: TokenVerifier,
      inject: [AUTH_CLIENT],
      useFactory: (auth: AuthClient) => new TokenVerifier(() => auth.getSigningKeys({})),
    },
    BasicExchangeService,
    AccessService,
  ],
  exports: [AccessService],
})
export class AuthModule {}
