import { Global, Module } from '@nestjs/common';
import { ApiTokensModule } from '../api-tokens/api-tokens.module';
import { KeysModule } from '../keys/keys.module';
import { AccessModule } from '../policy/access.module';
import { CALLER_AUTHENTICATOR } from '../ports/caller-authenticator.port';
import { UsersModule } from '../users/users.module';
import { CallerAuthenticatorService } from './caller-authenticator.service';
import { CredentialAuthenticator } from './credential-authenticator';
import { LoginThrottleModule } from './login-throttle.module';

/**
 * How every credential is authenticated. Global: exports CALLER_AUTHENTICATOR (management RPCs)
 * and CredentialAuthenticator (the token exchange). SERVICE_ACCOUNT_CREDENTIALS comes from the
 * projects feature's AccessModule, AUDIT_LOG from the global AuditModule.
 */
@Global()
@Module({
  imports: [UsersModule, ApiTokensModule, KeysModule, LoginThrottleModule, AccessModule],
  providers: [
    CredentialAuthenticator,
    CallerAuthenticatorService,
    { provide: CALLER_AUTHENTICATOR, useExisting: CallerAuthenticatorService },
  ],
  exports: [CALLER_AUTHENTICATOR, CredentialAuthenticator],
})
export class AuthnModule {}
