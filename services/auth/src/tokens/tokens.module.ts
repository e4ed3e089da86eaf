import { Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module';
import { AccessModule } from '../policy/access.module';
import { UsersModule } from '../users/users.module';
import { TokenService } from './token.service';
import { TokensGrpcController } from './tokens.grpc.controller';

@Module({
  // AccessModule provides ACCESS_POLICY (projects, roles, bindings, service accounts, image scope).
  imports: [UsersModule, KeysModule, AccessModule],
  controllers: [TokensGrpcController],
  providers: [TokenService],
})
export class TokensModule {}
