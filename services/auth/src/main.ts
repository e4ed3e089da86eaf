import 'reflect-metadata';
import { bootGrpcService } from '@berth/grpc';
import { AppModule } from './app.module';
import { loadAuthConfig } from './config/auth.config';

async function main(): Promise<void> {
  const config = loadAuthConfig();
  await bootGrpcService(
    'auth',
    AppModule,
    ['berth.auth.v1'],
    config.BERTH_AUTH_GRPC_LISTEN,
    config.BERTH_LOG_LEVEL,
  );
}

main().catch((err: Error) => {
  console.error(`auth failed to start: ${err.message}`);
  process.exit(1);
});
