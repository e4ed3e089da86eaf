import { Module } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import { BlobDescriptorCache } from './blob-descriptor-cache';
import { CatalogCache } from './catalog-cache';
import { ManifestCache } from './manifest-cache';
import { TagListCache } from './tag-list-cache';
import { TagCache } from './tag-cache';

/** The tag, tag list, catalog and manifest caches (kept fresh by ChangeEventsModule) and the blob descriptor cache. */
@Module({
  providers: [
    {
      provide: TagCache,
      inject: [GATEWAY_CONFIG],
      useFactory: (c: GatewayConfig) => new TagCache(c.BERTH_TAG_CACHE_TTL_MS),
    },
    {
      provide: TagListCache,
      inject: [GATEWAY_CONFIG],
      useFactory: (c: GatewayConfig) => new TagListCache(c.BERTH_TAG_CACHE_TTL_MS),
    },
    {
      provide: CatalogCache,
      inject: [GATEWAY_CONFIG],
      useFactory: (c: GatewayConfig) => new CatalogCache(c.BERTH_TAG_CACHE_TTL_MS),
    },
    {
      provide: ManifestCache,
      inject: [GATEWAY_CONFIG],
      useFactory: (c: GatewayConfig) =>
        new ManifestCache(c.BERTH_MANIFEST_CACHE_TTL_MS, c.BERTH_MANIFEST_CACHE_MAX_BYTES),
    },
    {
      provide: BlobDescriptorCache,
      inject: [GATEWAY_CONFIG],
      useFactory: (c: GatewayConfig) => new BlobDescriptorCache(c.BERTH_BLOB_CACHE_TTL_MS),
    },
  ],
  exports: [TagCache, TagListCache, CatalogCache, ManifestCache, BlobDescriptorCache],
})
export class CacheModule {}
