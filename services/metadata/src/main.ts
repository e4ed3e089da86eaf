import 'reflect-metadata';
import { bootGrpcService } from '@berth/grpc';
import { AppModule } from './app.module';
import { loadMetadataConfig } from './config/metadata.config';

async function main(): Promise<void> {
  const config = loadMetadataConfig();
  await bootGrpcService(
    'metadata',
    AppModule,
    ['berth.metadata.v1'],
    config.BERTH_METADATA_GRPC_LISTEN,
    config.BERTH_LOG_LEVEL,
  );
}

main().catch((err: Error) => {
  console.error(`metadata failed to start: ${err.message}`);
  process.exit(1);
});
