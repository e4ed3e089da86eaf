import { Module } from '@nestjs/common';
import { GrpcHealthModule } from '@berth/grpc';
import { QUEUES, QueueModule } from '@berth/queue';
import { loadPruningConfig } from './config/pruning.config';

/**
 * Pruning service. Issue 2 scope: it serves gRPC health and holds its BullMQ
 * queue connection ("gc"); it registers no job handlers yet and claims no more.
 */
@Module({
  imports: [
    GrpcHealthModule,
    QueueModule.forQueue(() => {
      const config = loadPruningConfig();
      return { redisUrl: config.BERTH_REDIS_URL, prefix: config.BERTH_REDIS_PREFIX, queue: QUEUES.gc };
    }),
  ],
})
export class AppModule {}
