import { DEFAULT_ADDRESSES, LOG_VARS, REDIS_VARS, loadConfig, type ConfigOf } from '@berth/config';

export const IMPORT_SCHEDULER_CONFIG_SCHEMA = {
  BERTH_IMPORT_SCHEDULER_GRPC_LISTEN: {
    type: 'address',
    default: DEFAULT_ADDRESSES.importScheduler,
    description: 'import-scheduler: gRPC listen address (health)',
  },
  ...REDIS_VARS,
  ...LOG_VARS,
} as const;

export type ImportSchedulerConfig = ConfigOf<typeof IMPORT_SCHEDULER_CONFIG_SCHEMA>;

export const loadImportSchedulerConfig = (): ImportSchedulerConfig =>
  loadConfig(IMPORT_SCHEDULER_CONFIG_SCHEMA);
