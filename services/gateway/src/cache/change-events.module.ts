import { Module } from '@nestjs/common';
import { CacheModule } from './cache.module';
import { ChangeEventsSubscriber } from './change-events.subscriber';

/** Invalidates the caches on the change events other replicas' writes cause (Redis pub/sub). */
@Module({ imports: [CacheModule], providers: [ChangeEventsSubscriber] })
export class ChangeEventsModule {}
