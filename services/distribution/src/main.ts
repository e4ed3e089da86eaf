import 'reflect-metadata';
import type { LogLevel } from '@nestjs/common';
import { bootGrpcService } from '@berth/grpc';
import { AppModule } from './app.module';
import { loadDistributionConfig } from './config/distribution.config';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

async function main(): Promise<void> {
  const config = loadDistributionConfig();
  const app = await bootGrpcService(
    'distribution',
    AppModule,
    ['berth.distribution.v1'],
    config.BERTH_DISTRIBUTION_GRPC_LISTEN,
  );
  app.useLogger(LEVELS.slice(0, LEVELS.indexOf(config.BERTH_LOG_LEVEL) + 1));
}

main().catch((err: Error) => {
  console.error(`distribution failed to start: ${err.message}`);
  process.exit(1);
});
