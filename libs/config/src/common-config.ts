import type { ConfigSchema } from './config-schema';

/** Default gRPC addresses of the services on one machine (the embedded stack). */
export const DEFAULT_ADDRESSES = {
  gateway: '127.0.0.1:50050',
  auth: '127.0.0.1:50051',
  distribution: '127.0.0.1:50052',
  metadata: '127.0.0.1:50053',
  importScheduler: '127.0.0.1:50054',
  pruning: '127.0.0.1:50055',
} as const;

export const DATABASE_VARS = {
  BERTH_DATABASE_URL: {
    type: 'string',
    default: 'postgres://berth:berth@127.0.0.1:5432/berth',
    secret: true,
    description: 'PostgreSQL connection URL; each service uses its own schema in it',
  },
  BERTH_DATABASE_POOL_SIZE: {
    type: 'int',
    default: 10,
    min: 1,
    max: 200,
    description: 'connections per service process',
  },
} as const satisfies ConfigSchema;

export const REDIS_VARS = {
  BERTH_REDIS_URL: {
    type: 'string',
    default: 'redis://127.0.0.1:6379',
    secret: true,
    description: 'Redis URL (BullMQ, caches, change events)',
  },
  BERTH_REDIS_PREFIX: {
    type: 'string',
    default: 'berth',
    description: 'prefix of every Redis key and channel',
  },
} as const satisfies ConfigSchema;

export const STORAGE_VARS = {
  BERTH_STORAGE_DRIVER: {
    type: 'enum',
    values: ['filesystem', 's3'],
    default: 'filesystem',
    description: 'blob storage driver',
  },
  BERTH_STORAGE_ROOT: {
    type: 'string',
    default: './.berth/blobs',
    description: 'filesystem driver: root directory of blobs and uploads',
  },
  BERTH_S3_ENDPOINT: { type: 'string', description: 's3 driver: endpoint host (e.g. minio.local)' },
  BERTH_S3_PORT: { type: 'int', default: 443, min: 1, max: 65535, description: 's3 driver: endpoint port' },
  BERTH_S3_USE_SSL: { type: 'bool', default: true, description: 's3 driver: use HTTPS' },
  BERTH_S3_ACCESS_KEY: { type: 'string', secret: true, description: 's3 driver: access key' },
  BERTH_S3_SECRET_KEY: { type: 'string', secret: true, description: 's3 driver: secret key' },
  BERTH_S3_BUCKET: { type: 'string', default: 'berth', description: 's3 driver: bucket' },
  BERTH_S3_REGION: { type: 'string', default: 'us-east-1', description: 's3 driver: region' },
  BERTH_S3_PREFIX: { type: 'string', default: '', description: 's3 driver: key prefix inside the bucket' },
} as const satisfies ConfigSchema;

export const LOG_VARS = {
  BERTH_LOG_LEVEL: {
    type: 'enum',
    values: ['error', 'warn', 'log', 'debug', 'verbose'],
    default: 'log',
    description: 'log level',
  },
} as const satisfies ConfigSchema;

/** Where the other services are, for the services that call them. */
export const PEER_ADDRESS_VARS = {
  BERTH_AUTH_ADDR: {
    type: 'address',
    default: DEFAULT_ADDRESSES.auth,
    description: 'gRPC address of the auth service',
  },
  BERTH_DISTRIBUTION_ADDR: {
    type: 'address',
    default: DEFAULT_ADDRESSES.distribution,
    description: 'gRPC address of the distribution service',
  },
  BERTH_METADATA_ADDR: {
    type: 'address',
    default: DEFAULT_ADDRESSES.metadata,
    description: 'gRPC address of the metadata service',
  },
} as const satisfies ConfigSchema;

export const TOKEN_VARS = {
  BERTH_TOKEN_SERVICE: {
    type: 'string',
    default: 'berth',
    description: 'the registry\'s service name: "service" of the token challenge and "aud" of tokens',
  },
  BERTH_TOKEN_ISSUER: { type: 'string', default: 'berth-auth', description: '"iss" of access tokens' },
} as const satisfies ConfigSchema;
