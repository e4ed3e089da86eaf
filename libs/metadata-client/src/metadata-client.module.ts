import { type DynamicModule, Module } from '@nestjs/common';
import { grpcClientProviders, type PromiseClient } from '@berth/grpc';
import type { metadataV1 } from '@berth/proto';

/** Injection token of the metadata service's gRPC client (Promise methods, BerthError on failure). */
export const METADATA_CLIENT = Symbol('METADATA_CLIENT');

export type MetadataClient = PromiseClient<metadataV1.MetadataServiceClient>;

/** Provides METADATA_CLIENT, connected to the metadata service at `address()`. */
@Module({})
export class MetadataClientModule {
  static forAddress(address: () => string): DynamicModule {
    return {
      module: MetadataClientModule,
      global: true,
      providers: grpcClientProviders(METADATA_CLIENT, 'berth.metadata.v1', 'MetadataService', address),
      exports: [METADATA_CLIENT],
    };
  }
}
