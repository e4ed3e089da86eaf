import { Logger, type INestMicroservice, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { GrpcErrorFilter } from './grpc-error.filter';
import { grpcServerOptions } from './grpc-server-options';
import type { GrpcPackageName } from './proto-root';
import { HealthService } from './health.service';

export type LogLevelName = 'error' | 'warn' | 'log' | 'debug' | 'verbose';

const ORDER: LogLevelName[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** Nest's logger levels up to and including `level` (BERTH_LOG_LEVEL). */
export function nestLogLevels(level: LogLevelName): LogLevelName[] {
  return ORDER.slice(0, ORDER.indexOf(level) + 1);
}

/**
 * Boots a gRPC-only Nest service: creates the microservice, installs the error
 * filter, starts listening, and stops cleanly on SIGINT/SIGTERM.
 */
export async function bootGrpcService(
  name: string,
  module: Type<unknown>,
  packages: GrpcPackageName[],
  listen: string,
  logLevel: LogLevelName = 'log',
): Promise<INestMicroservice> {
  const logger = new Logger(name);
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(module, {
    ...grpcServerOptions(packages, listen),
    logger: nestLogLevels(logLevel),
  });
  app.useGlobalFilters(new GrpcErrorFilter());
  await app.listen();
  logger.log(`${name} serving gRPC on ${listen}`);
  const stop = async (signal: string) => {
    logger.log(`${signal}: shutting down`);
    app.get(HealthService, { strict: false })?.markShuttingDown();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return app;
}
