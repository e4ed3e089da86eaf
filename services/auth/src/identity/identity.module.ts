import { Module } from '@nestjs/common';
import { ApiTokensModule } from '../api-tokens/api-tokens.module';
import { GroupsModule } from '../groups/groups.module';
import { UsersModule } from '../users/users.module';
import { IdentityGrpcController } from './identity.grpc.controller';

/**
 * IdentityService over gRPC. CALLER_AUTHENTICATOR (AuthnModule) and the audit services
 * (AuditModule) come from global modules.
 */
@Module({
  imports: [UsersModule, ApiTokensModule, GroupsModule],
  controllers: [IdentityGrpcController],
})
export class IdentityModule {}
