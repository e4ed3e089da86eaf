import { Module } from '@nestjs/common';
import { DatabaseModule } from '@berth/db';
import { GrpcHealthModule } from '@berth/grpc';
import { MetadataClientModule } from '@berth/metadata-client';
import { BlobsModule } from './blobs/blobs.module';
import { loadDistributionConfig } from './config/distribution.config';
import { ManifestsModule } from './manifests/manifests.module';
import { DISTRIBUTION_MIGRATIONS } from './migrations';
import { BlobStorageModule } from './storage/blob-storage.module';
import { blobDriverConfigOf } from '@berth/storage';
import { UploadsModule } from './uploads/uploads.module';

/**
 * Distribution service: upload sessions, blobs, manifests and the repository links to them, in
 * the "distribution" schema; bytes in the configured blob store; pushed images recorded in metadata.
 */
@Module({
  imports: [
    GrpcHealthModule,
    DatabaseModule.forService(() => {
      const config = loadDistributionConfig();
      return {
        url: config.BERTH_DATABASE_URL,
        schema: 'distribution',
        // No entities: the repositories speak plain SQL (see sql-rows.ts).
        entities: [],
        migrations: DISTRIBUTION_MIGRATIONS,
        poolSize: config.BERTH_DATABASE_POOL_SIZE,
      };
    }),
    BlobStorageModule.forConfig(() => blobDriverConfigOf(loadDistributionConfig())),
    MetadataClientModule.forAddress(() => loadDistributionConfig().BERTH_METADATA_ADDR),
    UploadsModule,
    BlobsModule,
    ManifestsModule,
  ],
})
export class AppModule {}
