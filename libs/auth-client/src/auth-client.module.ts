import { type DynamicModule, Module } from '@nestjs/common';
import { grpcClientProviders, type PromiseClient } from '@berth/grpc';
import type { authIdentityV1, authProjectsV1, authV1 } from '@berth/proto';

/** Injection token of the auth service's gRPC client (Promise methods, BerthError on failure). */
export const AUTH_CLIENT = Symbol('AUTH_CLIENT');
/** Injection token of auth's IdentityService client: users, API tokens, groups, audit log. */
export const IDENTITY_CLIENT = Symbol('IDENTITY_CLIENT');
/** Injection token of auth's ProjectsService client: projects, members, bindings, service accounts. */
export const PROJECTS_CLIENT = Symbol('PROJECTS_CLIENT');

export type AuthClient = PromiseClient<authV1.AuthServiceClient>;
export type IdentityClient = PromiseClient<authIdentityV1.IdentityServiceClient>;
export type ProjectsClient = PromiseClient<authProjectsV1.ProjectsServiceClient>;

/**
 * Provides AUTH_CLIENT, IDENTITY_CLIENT and PROJECTS_CLIENT, all connected to the auth service at
 * `address()` (grpc-js shares one connection between clients of the same address).
 */
@Module({})
export class AuthClientModule {
  static forAddress(address: () => string): DynamicModule {
    return {
      module: AuthClientModule,
      global: true,
      providers: [
        ...(grpcClientProviders(AUTH_CLIENT, 'berth.auth.v1', 'AuthService', address) ?? []),
        ...(grpcClientProviders(IDENTITY_CLIENT, 'berth.auth.v1', 'IdentityService', address) ?? []),
        ...(grpcClientProviders(PROJECTS_CLIENT, 'berth.auth.v1', 'ProjectsService', address) ?? []),
      ],
      exports: [AUTH_CLIENT, IDENTITY_CLIENT, PROJECTS_CLIENT],
    };
  }
}
