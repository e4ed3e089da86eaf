import 'reflect-metadata';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { grpcServerOptions } from '@berth/grpc';
import { AppModule } from './app.module';
import { trustedProxiesOf } from './http/trusted-proxies';
import { loadGatewayConfig } from './config/gateway.config';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  const adapter = new FastifyAdapter({
    logger: false,
    trustProxy: trustedProxiesOf(config.BERTH_TRUST_PROXY),
    bodyLimit: 1024 * 1024,
    // Repository names and digests make long paths under the /v2/* wildcard.
    routerOptions: { maxParamLength: 4096 },
    // The gateway uses no Nest (Express-style) middleware: without @fastify/middie no hook of its
    // runs on every request.
    skipMiddie: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forConfig(config), adapter, {
    logger: LEVELS.slice(0, LEVELS.indexOf(config.BERTH_LOG_LEVEL) + 1),
  });
  app.enableShutdownHooks(['SIGINT', 'SIGTERM']);
  app.connectMicroservice(grpcServerOptions([], config.BERTH_GATEWAY_GRPC_LISTEN), {
    inheritAppConfig: true,
  });
  await app.startAllMicroservices();
  await app.listen(config.BERTH_PORT, config.BERTH_HOST);
  new Logger('gateway').log(`gateway serving HTTP on ${await app.getUrl()}`);
}

main().catch((err: Error) => {
  console.error(`gateway failed to start: ${err.message}`);
  process.exit(1);
});
