import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { ApiTokensRepository } from './api-tokens.repository';
import { ApiTokensService } from './api-tokens.service';

/** Personal API tokens. Needs AUDIT_LOG (AuditModule) from a global module. */
@Module({
  imports: [UsersModule],
  providers: [ApiTokensRepository, ApiTokensService],
  exports: [ApiTokensService],
})
export class ApiTokensModule {}
