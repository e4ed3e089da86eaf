import { ConfigError, type ConfigOf, type STORAGE_VARS } from '@berth/config';
import type { BlobDriverConfig } from './create-blob-driver';

/** The validated STORAGE_VARS of a service's config (any config that includes them). */
export type StorageSettings = ConfigOf<typeof STORAGE_VARS>;

/**
 * Turns the STORAGE_VARS of a service's config into the driver's options. The s3 driver needs an
 * endpoint and credentials, which the schema cannot require only for that driver: checked here,
 * failing with a message that names every missing variable.
 */
export function blobDriverConfigOf(config: StorageSettings): BlobDriverConfig {
  if (config.BERTH_STORAGE_DRIVER === 'filesystem') {
    return { driver: 'filesystem', root: config.BERTH_STORAGE_ROOT };
  }
  const missing = (['BERTH_S3_ENDPOINT', 'BERTH_S3_ACCESS_KEY', 'BERTH_S3_SECRET_KEY'] as const).filter(
    (name) => !config[name],
  );
  if (missing.length > 0) {
    throw new ConfigError(
      `invalid configuration:\n  ${missing.map((n) => `${n} is required when BERTH_STORAGE_DRIVER=s3`).join('\n  ')}`,
    );
  }
  return {
    driver: 's3',
    endPoint: config.BERTH_S3_ENDPOINT as string,
    port: config.BERTH_S3_PORT,
    useSSL: config.BERTH_S3_USE_SSL,
    accessKey: config.BERTH_S3_ACCESS_KEY as string,
    secretKey: config.BERTH_S3_SECRET_KEY as string,
    bucket: config.BERTH_S3_BUCKET,
    region: config.BERTH_S3_REGION,
    ...(config.BERTH_S3_PREFIX ? { prefix: config.BERTH_S3_PREFIX } : {}),
  };
}
