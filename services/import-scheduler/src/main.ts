import 'reflect-metadata';
import { bootGrpcService } from '@berth/grpc';
import { AppModule } from './app.module';
import { loadImportSchedulerConfig } from './config/import-scheduler.config';

async function main(): Promise<void> {
  const config = loadImportSchedulerConfig();
  await bootGrpcService(
    'import-scheduler',
    AppModule,
    [],
    config.BERTH_IMPORT_SCHEDULER_GRPC_LISTEN,
    config.BERTH_LOG_LEVEL,
  );
}

main().catch((err: Error) => {
  console.error(`import-scheduler failed to start: ${err.message}`);
  process.exit(1);
});
