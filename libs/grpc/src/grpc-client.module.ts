import {
  type DynamicModule,
  type FactoryProvider,
  Inject,
  Injectable,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { createGrpcClient, type GrpcClientHandle } from './grpc-client';
import type { GrpcPackageName } from './proto-root';

/**
 * Builds the providers of a typed gRPC client: `token` resolves to the
 * PromiseClient, and the channel is closed on shutdown.
 */
export function grpcClientProviders(
  token: symbol,
  pkg: GrpcPackageName,
  service: string,
  address: () => string,
): DynamicModule['providers'] {
  const handleToken = Symbol(`${String(token.description)}_HANDLE`);
  @Injectable()
  class ClientCloser implements OnApplicationShutdown {
    constructor(@Inject(handleToken) private readonly handle: GrpcClientHandle<unknown>) {}
    onApplicationShutdown(): void {
      this.handle.close();
    }
  }
  const handleProvider: FactoryProvider = {
    provide: handleToken,
    useFactory: () => createGrpcClient(pkg, service, address()),
  };
  const clientProvider: FactoryProvider = {
    provide: token,
    inject: [handleToken],
    useFactory: (handle: GrpcClientHandle<unknown>) => handle.client,
  };
  return [handleProvider, clientProvider, ClientCloser];
}
