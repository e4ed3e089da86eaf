import 'reflect-metadata';
import { bootGrpcService } from '@berth/grpc';
import { AppModule } from './app.module';
import { loadPruningConfig } from './config/pruning.config';

async function main(): Promise<void> {
  const config = loadPruningConfig();
  await bootGrpcService('pruning', AppModule, [], config.BERTH_PRUNING_GRPC_LISTEN, config.BERTH_LOG_LEVEL);
}

main().catch((err: Error) => {
  console.error(`pruning failed to start: ${err.message}`);
  process.exit(1);
});
