import { Controller, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GrpcMethod, type MicroserviceOptions } from '@nestjs/microservices';
import { BerthError } from '@berth/errors';
import {
  bootGrpcService,
  createGrpcClient,
  GrpcErrorFilter,
  grpcServerOptions,
  type GrpcClientHandle,
} from '@berth/grpc';
import type { distributionV1, metadataV1 } from '@berth/proto';
import { FilesystemBlobDriver } from '@berth/storage';
import { createTestDatabase, getFreePort, makeTempDir, TEST_ENV } from '@berth/testing';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';

/**
 * Boots the real distribution service (Nest gRPC microservice, as main.ts does) on a free port
 * against a fresh PostgreSQL database, a temp-dir filesystem blob store and a fake metadata
 * service that records what it is asked.
 */
export interface DistributionHarness {
  client: GrpcClientHandle<distributionV1.DistributionServiceClient>['client'];
  /** The same store the service uses, for writing upload data as the gateway would. */
  driver: FilesystemBlobDriver;
  metadata: FakeMetadata;
  /** Runs SQL in the test database. */
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface FakeMetadata {
  recorded: metadataV1.RecordImageRequest[];
  deleted: metadataV1.DeleteImageRequest[];
  /** When set, DeleteImage throws it (once). */
  failNextDelete?: BerthError;
}

const fake: FakeMetadata = { recorded: [], deleted: [] };

@Controller()
class FakeMetadataController {
  @GrpcMethod('MetadataService', 'RecordImage')
  recordImage(request: metadataV1.RecordImageRequest): metadataV1.RecordImageResponse {
    fake.recorded.push(request);
    return { repositoryCreated: fake.recorded.length === 1 };
  }

  @GrpcMethod('MetadataService', 'DeleteImage')
  deleteImage(request: metadataV1.DeleteImageRequest): metadataV1.DeleteImageResponse {
    fake.deleted.push(request);
    const failure = fake.failNextDelete;
    fake.failNextDelete = undefined;
    if (failure) throw failure;
    return { removedTags: [] };
  }
}

@Module({ controllers: [FakeMetadataController] })
class FakeMetadataModule {}

/** The dev PostgreSQL, when the tests run without the integration global setup. */
const DEV_PG_URL = 'postgres://berth:berth@127.0.0.1:5432/berth';

export async function startDistribution(): Promise<DistributionHarness> {
  process.env[TEST_ENV.pgUrl] ||= DEV_PG_URL;
  const database = await createTestDatabase();
  const root = await makeTempDir('berth-distribution-');

  const metadataAddress = `127.0.0.1:${await getFreePort()}`;
  const metadataApp = await NestFactory.createMicroservice<MicroserviceOptions>(FakeMetadataModule, {
    ...grpcServerOptions(['berth.metadata.v1'], metadataAddress),
    logger: ['error'],
  });
  metadataApp.useGlobalFilters(new GrpcErrorFilter());
  await metadataApp.listen();

  const address = `127.0.0.1:${await getFreePort()}`;
  Object.assign(process.env, {
    BERTH_DATABASE_URL: database.url,
    BERTH_STORAGE_DRIVER: 'filesystem',
    BERTH_STORAGE_ROOT: root.path,
    BERTH_METADATA_ADDR: metadataAddress,
    BERTH_DISTRIBUTION_GRPC_LISTEN: address,
  });
  const app: INestMicroservice = await bootGrpcService(
    'distribution',
    AppModule,
    ['berth.distribution.v1'],
    address,
  );
  const handle = createGrpcClient<distributionV1.DistributionServiceClient>(
    'berth.distribution.v1',
    'DistributionService',
    address,
  );
  const db = new Client({ connectionString: database.url });
  await db.connect();

  return {
    client: handle.client,
    driver: new FilesystemBlobDriver(root.path),
    metadata: fake,
    sql: async <T>(query: string, params: unknown[] = []) => (await db.query(query, params)).rows as T[],
    close: async () => {
      handle.close();
      await db.end();
      await app.close();
      await metadataApp.close();
      await database.drop();
      await root.cleanup();
    },
  };
}

/** The BerthError a call fails with (fails the test when the call succeeds or throws something else). */
export async function errorOf(promise: Promise<unknown>): Promise<BerthError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof BerthError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}
