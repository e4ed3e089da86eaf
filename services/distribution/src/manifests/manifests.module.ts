import { Module } from '@nestjs/common';
import { loadDistributionConfig } from '../config/distribution.config';
import { ManifestCache } from './manifest-cache';
import { ManifestsGrpcController } from './manifests.grpc.controller';
import { ManifestsRepository } from './manifests.repository';
import { ManifestsService } from './manifests.service';

@Module({
  controllers: [ManifestsGrpcController],
  providers: [
    ManifestsRepository,
    ManifestsService,
    {
      provide: ManifestCache,
      useFactory: () => new ManifestCache(loadDistributionConfig().BERTH_DISTRIBUTION_MANIFEST_CACHE_BYTES),
    },
  ],
})
export class ManifestsModule {}
