import { type DynamicModule, Module } from '@nestjs/common';
import { grpcClientProviders, type PromiseClient } from '@berth/grpc';
import type { authV1 } from '@berth/proto';

/** Injection token of the auth service's gRPC client (Promise methods, BerthError on failure). */
export const AUTH_CLIENT = Symbol('AUTH_CLIENT');

export type AuthClient = PromiseClient<authV1.AuthServiceClient>;

/** Provides AUTH_CLIENT, connected to the auth service at `address()`. */
@Module({})
export class AuthClientModule {
  static forAddress(address: () => string): DynamicModule {
    return {
      module: AuthClientModule,
      global: true,
      providers: grpcClientProviders(AUTH_CLIENT, 'berth.auth.v1', 'AuthService', address),
      exports: [AUTH_CLIENT],
    };
  }
}
