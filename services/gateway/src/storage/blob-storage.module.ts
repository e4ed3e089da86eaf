import { type DynamicModule, Module } from '@nestjs/common';
import { blobDriverConfigOf, createBlobDriver } from '@berth/storage';
import type { GatewayConfig } from '../config/gateway.config';

/** Injection token of the gateway's BlobDriver (the same store distribution uses). */
export const BLOB_DRIVER = Symbol('BLOB_DRIVER');

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
