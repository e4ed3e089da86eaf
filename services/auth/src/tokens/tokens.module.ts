import { Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module';
import { UsersModule } from '../users/users.module';
import { ACCESS_POLICY, AdminOnlyAccessPolicy } from './access-policy';
import { TokenService } from './token.service';
import { TokensGrpcController } from './tokens.grpc.controller';

@Module({
  imports: [UsersModule, KeysModule],
  controllers: [TokensGrpcController],
  providers: [{ provide: ACCESS_POLICY, useClass: AdminOnlyAccessPolicy }, TokenService],
})
export class TokensModule {}
