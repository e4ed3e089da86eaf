import { DEFAULT_ADDRESSES, LOG_VARS, REDIS_VARS, loadConfig, type ConfigOf } from '@berth/config';

export const PRUNING_CONFIG_SCHEMA = {
  BERTH_PRUNING_GRPC_LISTEN: {
    type: 'address',
    default: DEFAULT_ADDRESSES.pruning,
    description: 'pruning: gRPC listen address (health)',
  },
  ...REDIS_VARS,
  ...LOG_VARS,
} as const;

export type PruningConfig = ConfigOf<typeof PRUNING_CONFIG_SCHEMA>;

export const loadPruningConfig = (): PruningConfig => loadConfig(PRUNING_CONFIG_SCHEMA);
