import {
  DATABASE_VARS,
  DEFAULT_ADDRESSES,
  LOG_VARS,
  REDIS_VARS,
  loadConfig,
  type ConfigOf,
} from '@berth/config';

export const METADATA_CONFIG_SCHEMA = {
  BERTH_METADATA_GRPC_LISTEN: {
    type: 'address',
    default: DEFAULT_ADDRESSES.metadata,
    description: 'metadata: gRPC listen address (berth.metadata.v1 and health)',
  },
  ...DATABASE_VARS,
  ...REDIS_VARS,
  ...LOG_VARS,
} as const;

export type MetadataConfig = ConfigOf<typeof METADATA_CONFIG_SCHEMA>;

export const loadMetadataConfig = (): MetadataConfig => loadConfig(METADATA_CONFIG_SCHEMA);
