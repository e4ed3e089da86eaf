import {
  DATABASE_VARS,
  DEFAULT_ADDRESSES,
  LOG_VARS,
  TOKEN_VARS,
  loadConfig,
  type ConfigOf,
} from '@berth/config';

export const AUTH_CONFIG_SCHEMA = {
  BERTH_AUTH_GRPC_LISTEN: {
    type: 'address',
    default: DEFAULT_ADDRESSES.auth,
    description: 'auth: gRPC listen address',
  },
  ...DATABASE_VARS,
  ...TOKEN_VARS,
  ...LOG_VARS,
  BERTH_TOKEN_TTL_SECONDS: {
    type: 'int',
    default: 300,
    min: 60,
    max: 3600,
    description: 'lifetime of issued access tokens, in seconds',
  },
  BERTH_ADMIN_PASSWORD: {
    type: 'string',
    secret: true,
    description:
      'password of the bootstrap user "admin", used only to create it when it does not exist yet (then required); never overwrites an existing password',
  },
} as const;

export type AuthConfig = ConfigOf<typeof AUTH_CONFIG_SCHEMA>;

export const loadAuthConfig = (): AuthConfig => loadConfig(AUTH_CONFIG_SCHEMA);

/** Injection token of the validated AuthConfig. */
export const AUTH_CONFIG = Symbol('AUTH_CONFIG');
