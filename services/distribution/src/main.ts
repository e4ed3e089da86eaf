import 'reflect-metadata';
import { bootGrpcService } from '@berth/grpc';
import { AppModule } from './app.module';
import { loadDistributionConfig } from './config/distribution.config';

async function main(): Promise<void> {
  const config = loadDistributionConfig();
  await bootGrpcService(
    'distribution',
    AppModule,
    ['berth.distribution.v1'],
    config.BERTH_DISTRIBUTION_GRPC_LISTEN,
    config.BERTH_LOG_LEVEL,
  );
}

main().catch((err: Error) => {
  console.error(`distribution failed to start: ${err.message}`);
  process.exit(1);
});
