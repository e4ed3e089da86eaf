import type { GrpcOptions } from '@nestjs/microservices';
import { Transport } from '@nestjs/microservices';
import { GRPC_MAX_MESSAGE_BYTES, loaderOptions } from './loader-options';
import { protoFilesOf, type GrpcPackageName } from './proto-root';

/**
 * Nest microservice options for a service serving `packages` on `url`
 * (host:port). Every service also serves grpc.health.v1.
 */
export function grpcServerOptions(packages: GrpcPackageName[], url: string): GrpcOptions {
  const all = Array.from(new Set<GrpcPackageName>([...packages, 'grpc.health.v1']));
  return {
    transport: Transport.GRPC,
    options: {
      url,
      package: all,
      protoPath: all.flatMap((p) => protoFilesOf(p)),
      loader: loaderOptions(),
      maxReceiveMessageLength: GRPC_MAX_MESSAGE_BYTES,
      maxSendMessageLength: GRPC_MAX_MESSAGE_BYTES,
      gracefulShutdown: true,
    },
  };
}
