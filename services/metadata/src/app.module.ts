import { Module } from '@nestjs/common';
import { DatabaseModule } from '@berth/db';
import { GrpcHealthModule } from '@berth/grpc';
import { METADATA_ENTITIES } from './common/entities';
import { METADATA_SCHEMA } from './common/tables';
import { loadMetadataConfig } from './config/metadata.config';
import { EventsModule } from './events/events.module';
import { ImagesModule } from './images/images.module';
import { METADATA_MIGRATIONS } from './migrations';
import { ReferrersModule } from './referrers/referrers.module';
import { RepositoriesModule } from './repositories/repositories.module';
import { TagsModule } from './tags/tags.module';

/** Metadata service: repositories, images, tags with history, referrers, and the change-event outbox. */
@Module({
  imports: [
    GrpcHealthModule,
    DatabaseModule.forService(() => {
      const config = loadMetadataConfig();
      return {
        url: config.BERTH_DATABASE_URL,
        poolSize: config.BERTH_DATABASE_POOL_SIZE,
        schema: METADATA_SCHEMA,
        entities: METADATA_ENTITIES,
        migrations: METADATA_MIGRATIONS,
      };
    }),
    EventsModule.forRedis(() => {
      const config = loadMetadataConfig();
      return { redisUrl: config.BERTH_REDIS_URL, prefix: config.BERTH_REDIS_PREFIX };
    }),
    RepositoriesModule,
    TagsModule,
    ImagesModule,
    ReferrersModule,
  ],
})
export class AppModule {}
