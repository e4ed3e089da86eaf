import 'reflect-metadata';
import type { INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { BerthError, type ErrorCode } from '@berth/errors';
import { createGrpcClient, GrpcErrorFilter, grpcServerOptions, type GrpcClientHandle } from '@berth/grpc';
import { digestOf } from '@berth/oci';
import type { healthV1, metadataV1 } from '@berth/proto';
import { changeEventsChannel, type ChangeEvent } from '@berth/queue';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import {
  createTestDatabase,
  getFreePort,
  TEST_REDIS_URL,
  uniqueName,
  type TestDatabase,
} from './test-environment';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';

/** A deterministic digest per seed string. */
export const digest = (seed: string): string => digestOf(seed);

export function descriptor(
  mediaType: string,
  seed: string,
  extra: Partial<metadataV1.Descriptor> = {},
): metadataV1.Descriptor {
  return { mediaType, digest: digest(seed), size: seed.length * 100, annotations: {}, ...extra };
}

/** The error code a call fails with (fails the test when it succeeds or throws something else). */
export async function codeOf(call: Promise<unknown>): Promise<ErrorCode> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof BerthError)) throw new Error(`expected a BerthError, got ${String(err)}`);
  return err.code;
}

/**
 * The real metadata microservice on a free port, against a fresh database and the
 * test Redis (with its own channel prefix), called through the real gRPC client;
 * every change event published on its channel is collected in `received`.
 */
export class MetadataHarness {
  private constructor(
    /** Every change event published on the service's channel, in arrival order. */
    readonly received: ChangeEvent[],
    readonly app: INestMicroservice,
    readonly metadata: GrpcClientHandle<metadataV1.MetadataServiceClient>['client'],
    readonly health: GrpcClientHandle<healthV1.HealthClient>['client'],
    /** A plain connection to the test database, to look at what was written. */
    readonly pg: Client,
    private readonly closers: Array<() => unknown>,
  ) {}

  static async start(): Promise<MetadataHarness> {
    const closers: Array<() => unknown> = [];
    const db: TestDatabase = await createTestDatabase();
    closers.push(() => db.drop());
    const env = { ...process.env };
    closers.push(() => (process.env = env));
    const address = `127.0.0.1:${await getFreePort()}`;
    const prefix = uniqueName('berth-metadata-test');
    Object.assign(process.env, {
      BERTH_DATABASE_URL: db.url,
      BERTH_REDIS_URL: TEST_REDIS_URL,
      BERTH_REDIS_PREFIX: prefix,
      BERTH_METADATA_GRPC_LISTEN: address,
    });
    const received: ChangeEvent[] = [];
    const subscriber = new IORedis(TEST_REDIS_URL);
    closers.push(() => subscriber.disconnect());
    subscriber.on('message', (_channel: string, message: string) =>
      received.push(JSON.parse(message) as ChangeEvent),
    );
    await subscriber.subscribe(changeEventsChannel(prefix));

    const app = await NestFactory.createMicroservice<MicroserviceOptions>(AppModule, {
      ...grpcServerOptions(['berth.metadata.v1'], address),
      logger: ['error', 'warn'],
    });
    closers.push(() => app.close());
    app.useGlobalFilters(new GrpcErrorFilter());
    await app.listen();
    const metadata = createGrpcClient<metadataV1.MetadataServiceClient>(
      'berth.metadata.v1',
      'MetadataService',
      address,
    );
    closers.push(() => metadata.close());
    const health = createGrpcClient<healthV1.HealthClient>('grpc.health.v1', 'Health', address);
    closers.push(() => health.close());
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    closers.push(() => pg.end());

    return new MetadataHarness(received, app, metadata.client, health.client, pg, closers);
  }

  async stop(): Promise<void> {
    for (const close of this.closers.reverse()) await close();
  }

  /** Waits for a published change event matching `matches`. */
  async waitForEvent(matches: (e: ChangeEvent) => boolean, timeoutMs = 5_000): Promise<ChangeEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(matches);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching event; got ${JSON.stringify(this.received)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Records an image manifest (config + two layers) made from `seed`. */
  record(
    repository: string,
    seed: string,
    extra: Partial<metadataV1.RecordImageRequest> = {},
  ): Promise<metadataV1.RecordImageResponse> {
    return this.metadata.recordImage({
      repository,
      manifest: descriptor(OCI_MANIFEST, seed),
      config: descriptor(OCI_CONFIG, `${seed}-config`),
      layers: [descriptor(LAYER, `${seed}-layer-1`), descriptor(LAYER, `${seed}-layer-2`)],
      manifests: [],
      actor: 'alice',
      ...extra,
    });
  }
}
