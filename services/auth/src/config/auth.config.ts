import {
  DATABASE_VARS,
  DEFAULT_ADDRESSES,
  LOG_VARS,
  PEER_ADDRESS_VARS,
  TOKEN_VARS,
  ConfigError,
  loadConfig,
  type ConfigOf,
} from '@berth/config';
import { decodeSecretsKey } from '../secrets/secrets-key';

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
  BERTH_LOGIN_MAX_FAILURES: {
    type: 'int',
    default: 10,
    min: 1,
    max: 1000,
    description:
      'failed logins of one user from one client address, within BERTH_LOGIN_FAILURE_WINDOW_SECONDS, after which further attempts are refused (429 TOOMANYREQUESTS) for that window; shared by all auth replicas',
  },
  BERTH_LOGIN_MAX_FAILURES_PER_USER: {
    type: 'int',
    default: 50,
    min: 1,
    max: 100000,
    description:
      'failed logins of one user from all client addresses together, within BERTH_LOGIN_FAILURE_WINDOW_SECONDS, after which further attempts of that user from any address are refused (429 TOOMANYREQUESTS) for that window, so rotating addresses does not give unlimited guesses; shared by all auth replicas',
  },
  BERTH_LOGIN_FAILURE_WINDOW_SECONDS: {
    type: 'int',
    default: 300,
    min: 10,
    max: 86400,
    description:
      'window in which failed logins are counted, and how long a throttled user and client address are refused, in seconds',
  },
  BERTH_ADMIN_PASSWORD: {
    type: 'string',
    secret: true,
    description:
      'password of the bootstrap user "admin", used only to create it when it does not exist yet (then required); never overwrites an existing password',
  },
  BERTH_SECRETS_KEY: {
    type: 'string',
    required: true,
    secret: true,
    description:
      'key that encrypts stored secrets (service-account pull secrets, registry credentials) with AES-256-GCM: 32 random bytes as base64 or 64 hex digits, e.g. `openssl rand -base64 32`; keep it with the database backups, secrets cannot be read without it; npm start generates one into `<data dir>/secrets-key`',
  },
  // Used when a project is deleted with --force (its repositories go too) and to tell whether an image stream exists.
  BERTH_METADATA_ADDR: PEER_ADDRESS_VARS.BERTH_METADATA_ADDR,
  BERTH_DISTRIBUTION_ADDR: PEER_ADDRESS_VARS.BERTH_DISTRIBUTION_ADDR,
} as const;

export type AuthConfig = ConfigOf<typeof AUTH_CONFIG_SCHEMA>;

/** Loads and validates the config; also fails fast when BERTH_SECRETS_KEY is not a 32-byte key. */
export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const config = loadConfig(AUTH_CONFIG_SCHEMA, env);
  try {
    decodeSecretsKey(config.BERTH_SECRETS_KEY);
  } catch (err) {
    throw new ConfigError(`invalid configuration:\n  ${(err as Error).message}`);
  }
  return config;
}

/** Injection token of the validated AuthConfig. */
export const AUTH_CONFIG = Symbol('AUTH_CONFIG');
