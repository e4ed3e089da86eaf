import { Module } from '@nestjs/common';
import { LoginThrottleModule } from '../authn/login-throttle.module';
import { AdminBootstrap } from './admin-bootstrap';
import { PasswordCredentials } from './password-credentials';
import { PasswordHasher } from './password-hasher';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { VerificationCache } from './verification-cache';

/** User accounts and passwords. Needs AUDIT_LOG (AuditModule) from a global module. */
@Module({
  imports: [LoginThrottleModule],
  providers: [
    { provide: PasswordHasher, useFactory: () => new PasswordHasher() },
    { provide: VerificationCache, useFactory: () => new VerificationCache() },
    UsersRepository,
    PasswordCredentials,
    UsersService,
    AdminBootstrap,
  ],
  exports: [UsersService, PasswordCredentials],
})
export class UsersModule {}
