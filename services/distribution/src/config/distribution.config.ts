import {
  DATABASE_VARS,
  DEFAULT_ADDRESSES,
  LOG_VARS,
  PEER_ADDRESS_VARS,
  STORAGE_VARS,
  loadConfig,
  type ConfigOf,
} from '@berth/config';
import { blobDriverConfigOf } from '@berth/storage';

export const DISTRIBUTION_CONFIG_SCHEMA = {
  BERTH_DISTRIBUTION_GRPC_LISTEN: {
    type: 'address',
    default: DEFAULT_ADDRESSES.distribution,
    description: 'distribution: gRPC listen address',
  },
  BERTH_DISTRIBUTION_MANIFEST_CACHE_BYTES: {
    type: 'int',
    default: 64 * 1024 * 1024,
    min: 0,
    max: 4 * 1024 * 1024 * 1024,
    description: 'distribution: memory for cached manifest bytes (immutable by digest); 0 disables the cache',
  },
  ...DATABASE_VARS,
  ...STORAGE_VARS,
  // Only BERTH_METADATA_ADDR is used; the group is spread whole so every service documents the same names.
  BERTH_METADATA_ADDR: PEER_ADDRESS_VARS.BERTH_METADATA_ADDR,
  ...LOG_VARS,
} as const;

export type DistributionConfig = ConfigOf<typeof DISTRIBUTION_CONFIG_SCHEMA>;

/** Loads and validates the config; also fails fast when the chosen storage driver lacks a variable. */
export function loadDistributionConfig(env: NodeJS.ProcessEnv = process.env): DistributionConfig {
  const config = loadConfig(DISTRIBUTION_CONFIG_SCHEMA, env);
  blobDriverConfigOf(config);
  return config;
}
