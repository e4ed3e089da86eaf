import { Module } from '@nestjs/common';
import { GrpcHealthModule } from '@berth/grpc';
import { QUEUES, QueueModule } from '@berth/queue';
import { loadImportSchedulerConfig } from './config/import-scheduler.config';

/**
 * Import scheduler service. Issue 2 scope: it serves gRPC health and holds its BullMQ
 * queue connection ("imports"); it registers no job handlers yet and claims no more.
 */
@Module({
  imports: [
    GrpcHealthModule,
    QueueModule.forQueue(() => {
      const config = loadImportSchedulerConfig();
      return { redisUrl: config.BERTH_REDIS_URL, prefix: config.BERTH_REDIS_PREFIX, queue: QUEUES.imports };
    }),
  ],
})
export class AppModule {}
