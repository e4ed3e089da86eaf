import { Module } from '@nestjs/common';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth.config';
import { SecretsCipher } from './secrets-cipher';
import { decodeSecretsKey } from './secrets-key';

/** Provides the SecretsCipher keyed by BERTH_SECRETS_KEY. */
@Module({
  providers: [
    {
      provide: SecretsCipher,
      inject: [AUTH_CONFIG],
      useFactory: (config: AuthConfig) => new SecretsCipher(decodeSecretsKey(config.BERTH_SECRETS_KEY)),
    },
  ],
  exports: [SecretsCipher],
})
export class SecretsModule {}
