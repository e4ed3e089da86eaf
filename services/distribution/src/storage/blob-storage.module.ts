import { type DynamicModule, Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { HealthService } from '@berth/grpc';
import { type BlobDriver, type BlobDriverConfig, createBlobDriver } from '@berth/storage';
import { Readable } from 'node:stream';

/** Injection token of the service's BlobDriver. */
export const BLOB_DRIVER = Symbol('BLOB_DRIVER');

/**
 * A small object the readiness check looks for, outside `blobs/` and `uploads/` so that pruning
 * and listing never see it. Written when missing, so the check also proves the store is writable.
 */
export const READINESS_PROBE_KEY = 'health/distribution-readiness';

@Injectable()
class BlobStorageReadiness implements OnModuleInit {
  constructor(
    @Inject(BLOB_DRIVER) private readonly driver: BlobDriver,
    private readonly health: HealthService,
  ) {}

  onModuleInit(): void {
    this.health.register(`storage-${this.driver.name}`, async () => {
      if (await this.driver.stat(READINESS_PROBE_KEY)) return;
      await this.driver.put(READINESS_PROBE_KEY, Readable.from([Buffer.from('ok\n')]), { expectedSize: 3 });
      if (!(await this.driver.stat(READINESS_PROBE_KEY)))
        throw new Error('the readiness probe object vanished after it was written');
    });
  }
}

/** Provides BLOB_DRIVER, built from `config()`, and registers its readiness check. Needs GrpcHealthModule. */
@Module({})
export class BlobStorageModule {
  static forConfig(config: () => BlobDriverConfig): DynamicModule {
    return {
      module: BlobStorageModule,
      global: true,
      providers: [
        { provide: BLOB_DRIVER, useFactory: () => createBlobDriver(config()) },
        BlobStorageReadiness,
      ],
      exports: [BLOB_DRIVER],
    };
  }
}
