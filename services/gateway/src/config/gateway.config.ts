import {
  DEFAULT_ADDRESSES,
  LOG_VARS,
  PEER_ADDRESS_VARS,
  REDIS_VARS,
  STORAGE_VARS,
  TOKEN_VARS,
  loadConfig,
  type ConfigOf,
} from '@berth/config';
import { trustedProxiesOf } from '../http/trusted-proxies';

/** Every variable the gateway reads. Only this file reads process.env. */
export const GATEWAY_CONFIG_SCHEMA = {
  BERTH_HOST: { type: 'string', default: '127.0.0.1', description: 'gateway: HTTP listen host' },
  BERTH_PORT: { type: 'int', default: 5000, min: 0, max: 65535, description: 'gateway: HTTP listen port' },
  BERTH_GATEWAY_GRPC_LISTEN: {
    type: 'address',
    default: DEFAULT_ADDRESSES.gateway,
    description: 'gateway: gRPC listen address of grpc.health.v1 (SERVING when /healthz would answer 200)',
  },
  BERTH_PUBLIC_URL: {
    type: 'string',
    description:
      'gateway: external base URL (e.g. https://registry.example.com); the token realm is <it>/auth/token. Default: derived from each request',
  },
  BERTH_TRUST_PROXY: {
    type: 'string',
    default: '',
    description:
      'gateway: comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-Proto/-Host/-For are believed (e.g. `10.0.0.0/8,127.0.0.1`); the client address (throttling, audit) is the right-most untrusted hop. Empty: trust none',
  },
  BERTH_MANIFEST_MAX_BYTES: {
    type: 'int',
    default: 16 * 1024 * 1024,
    min: 4 * 1024 * 1024,
    max: 30 * 1024 * 1024,
    description: 'gateway: largest manifest accepted on PUT (bytes); larger bodies get 413',
  },
  BERTH_MANIFEST_NEGOTIATION: {
    type: 'enum',
    values: ['lenient', 'strict'],
    default: 'lenient',
    description:
      'gateway: "strict" refuses an OCI manifest the Accept header does not list (as distribution does); "lenient" always serves the stored type',
  },
  BERTH_TAG_CACHE_TTL_MS: {
    type: 'int',
    default: 5000,
    min: 0,
    max: 600_000,
    description:
      'gateway: how long a tag → digest resolution is trusted without a change event (0 disables the cache)',
  },
  BERTH_MANIFEST_CACHE_TTL_MS: {
    type: 'int',
    default: 300_000,
    min: 0,
    max: 86_400_000,
    description:
      'gateway: how long a manifest is kept in memory without a delete event (0 disables the cache)',
  },
  BERTH_MANIFEST_CACHE_MAX_BYTES: {
    type: 'int',
    default: 64 * 1024 * 1024,
    min: 0,
    description: 'gateway: memory budget of the manifest cache (bytes of manifest payload)',
  },
  BERTH_BLOB_CACHE_TTL_MS: {
    type: 'int',
    default: 5000,
    min: 0,
    max: 600_000,
    description:
      'gateway: how long a blob known to a repository is trusted without asking distribution (a blob deleted through another replica stays readable here at most this long; 0 disables the cache)',
  },
  BERTH_BLOB_REDIRECT_SECONDS: {
    type: 'int',
    default: 0,
    min: 0,
    max: 86_400,
    description:
      'gateway: with the s3 driver, answer blob GETs with a redirect to a presigned URL valid this long (0: stream through the gateway)',
  },
  BERTH_IMPORT_SCHEDULER_ADDR: {
    type: 'address',
    default: DEFAULT_ADDRESSES.importScheduler,
    description: 'gRPC address of the import-scheduler service (health)',
  },
  BERTH_PRUNING_ADDR: {
    type: 'address',
    default: DEFAULT_ADDRESSES.pruning,
    description: 'gRPC address of the pruning service (health)',
  },
  ...PEER_ADDRESS_VARS,
  ...TOKEN_VARS,
  ...STORAGE_VARS,
  ...REDIS_VARS,
  ...LOG_VARS,
} as const;

export type GatewayConfig = ConfigOf<typeof GATEWAY_CONFIG_SCHEMA>;

/** Injection token of the validated GatewayConfig. */
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

/** Loads and validates the config; also fails fast when BERTH_TRUST_PROXY is not a list of proxies. */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const config = loadConfig(GATEWAY_CONFIG_SCHEMA, env);
  trustedProxiesOf(config.BERTH_TRUST_PROXY);
  return config;
}
