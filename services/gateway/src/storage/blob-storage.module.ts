import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigError } from '@berth/config';
import { createBlobDriver, type BlobDriverConfig } from '@berth/storage';
import type { GatewayConfig } from '../config/gateway.config';

/** Injection token of the gateway's BlobDriver (the same store distribution uses). */
export const BLOB_DRIVER = Symbol('BLOB_DRIVER');

/**
 * The driver options from STORAGE_VARS. The s3 driver needs an endpoint and credentials, which the
 * schema cannot require only for that driver: checked here, naming every missing variable.
 */
export function blobDriverConfigOf(config: GatewayConfig): BlobDriverConfig {
  if (config.BERTH_STORAGE_DRIVER === 'filesystem')
    return { driver: 'filesystem', root: config.BERTH_STORAGE_ROOT };
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

/** Provides BLOB_DRIVER built from the gateway's config. */
@Module({})
export class BlobStorageModule {
  static forConfig(config: GatewayConfig): DynamicModule {
    return {
      module: BlobStorageModule,
      global: true,
      providers: [{ provide: BLOB_DRIVER, useFactory: () => createBlobDriver(blobDriverConfigOf(config)) }],
      exports: [BLOB_DRIVER],
    };
  }
}
