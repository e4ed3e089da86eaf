import { Module } from '@nestjs/common';
import { DatabaseModule } from '@berth/db';
import { GrpcHealthModule } from '@berth/grpc';
import { DistributionClientModule } from '@berth/distribution-client';
import { MetadataClientModule } from '@berth/metadata-client';
import { AuditModule } from './audit/audit.module';
import { AuthnModule } from './authn/authn.module';
import { AuthConfigModule } from './config/auth-config.module';
import { loadAuthConfig } from './config/auth.config';
import { IdentityModule } from './identity/identity.module';
import { KeysModule } from './keys/keys.module';
import { SigningKeyEntity } from './keys/signing-key.entity';
import { AUTH_MIGRATIONS } from './migrations';
import { ProjectsModule } from './projects/projects.module';
import { TokensModule } from './tokens/tokens.module';
import { UserEntity } from './users/user.entity';
import { UsersModule } from './users/users.module';

/**
 * Auth service. Issue 2 scope: users (a bootstrap administrator), Ed25519 signing
 * keys, and the Docker token exchange (IssueToken, GetSigningKeys).
 */
@Module({
  imports: [
    GrpcHealthModule,
    AuthConfigModule,
    DatabaseModule.forService(() => {
      const config = loadAuthConfig();
      return {
        url: config.BERTH_DATABASE_URL,
        schema: 'auth',
        entities: [UserEntity, SigningKeyEntity],
        migrations: AUTH_MIGRATIONS,
        poolSize: config.BERTH_DATABASE_POOL_SIZE,
      };
    }),
    MetadataClientModule.forAddress(() => loadAuthConfig().BERTH_METADATA_ADDR),
    DistributionClientModule.forAddress(() => loadAuthConfig().BERTH_DISTRIBUTION_ADDR),
    UsersModule,
    KeysModule,
    AuditModule,
    AuthnModule,
    TokensModule,
    IdentityModule,
    ProjectsModule,
  ],
})
export class AppModule {}
