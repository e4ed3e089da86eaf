import { type DynamicModule, Module } from '@nestjs/common';
import { grpcClientProviders, type PromiseClient } from '@berth/grpc';
import type { distributionV1 } from '@berth/proto';

/** Injection token of the distribution service's gRPC client (Promise methods, BerthError on failure). */
export const DISTRIBUTION_CLIENT = Symbol('DISTRIBUTION_CLIENT');

export type DistributionClient = PromiseClient<distributionV1.DistributionServiceClient>;

/** Provides DISTRIBUTION_CLIENT, connected to the distribution service at `address()`. */
@Module({})
export class DistributionClientModule {
  static forAddress(address: () => string): DynamicModule {
    return {
      module: DistributionClientModule,
      global: true,
      providers: grpcClientProviders(
        DISTRIBUTION_CLIENT,
        'berth.distribution.v1',
        'DistributionService',
        address,
      ),
      exports: [DISTRIBUTION_CLIENT],
    };
  }
}
