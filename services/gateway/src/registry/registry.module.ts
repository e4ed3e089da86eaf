import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CacheModule } from '../cache/cache.module';
import { BlobUploadsHandler } from './blob-uploads.handler';
import { BlobsHandler } from './blobs.handler';
import { CatalogHandler } from './catalog.handler';
import { ManifestsHandler } from './manifests.handler';
import { ReferrersHandler } from './referrers.handler';
import { RegistryDispatcher } from './registry.dispatcher';
import { TagsHandler } from './tags.handler';
import { UploadStates } from './upload-state';

/** The OCI Distribution API under /v2/. */
@Module({
  imports: [AuthModule, CacheModule],
  providers: [
    { provide: UploadStates, useFactory: () => new UploadStates() },
    BlobsHandler,
    BlobUploadsHandler,
    ManifestsHandler,
    TagsHandler,
    CatalogHandler,
    ReferrersHandler,
    RegistryDispatcher,
  ],
})
export class RegistryModule {}
