import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GrpcMethod, type MicroserviceOptions } from '@nestjs/microservices';
import type { INestMicroservice } from '@nestjs/common';
import { BerthError, ErrorCode } from '@berth/errors';
import { metadataV1 } from '@berth/proto';
import { createServer } from 'node:net';
import { createGrpcClient, type GrpcClientHandle } from './grpc-client';
import { GrpcErrorFilter } from './grpc-error.filter';
import { grpcServerOptions } from './grpc-server-options';
import { GrpcHealthModule } from './grpc-health.module';
import { HealthService } from './health.service';
import { healthV1 } from '@berth/proto';

// A real Nest gRPC server (proto-loader decoding) and a real grpc-js client: proves
// the shared loader options and the ts-proto types agree on the wire.
const received: metadataV1.RecordImageRequest[] = [];

@Controller()
class EchoMetadataController {
  @GrpcMethod('MetadataService', 'RecordImage')
  recordImage(request: metadataV1.RecordImageRequest): metadataV1.RecordImageResponse {
    received.push(request);
    if (request.repository === 'fail/me')
      throw new BerthError(ErrorCode.NAME_UNKNOWN, 'no such stream', { name: 'fail/me' });
    if (request.repository === 'crash/me') throw new Error('internal detail that must not leak');
    return request.tag
      ? { repositoryCreated: true, previousDigest: 'sha256:' + 'b'.repeat(64) }
      : { repositoryCreated: false };
  }
}

@Module({ imports: [GrpcHealthModule], controllers: [EchoMetadataController] })
class EchoModule {}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

describe('gRPC round trip (Nest server ⇄ grpc-js client)', () => {
  let app: INestMicroservice;
  let metadata: GrpcClientHandle<metadataV1.MetadataServiceClient>;
  let health: GrpcClientHandle<healthV1.HealthClient>;

  beforeAll(async () => {
    const address = `127.0.0.1:${await freePort()}`;
    app = await NestFactory.createMicroservice<MicroserviceOptions>(EchoModule, {
      ...grpcServerOptions(['berth.metadata.v1'], address),
      logger: false,
    });
    app.useGlobalFilters(new GrpcErrorFilter());
    await app.listen();
    metadata = createGrpcClient('berth.metadata.v1', 'MetadataService', address);
    health = createGrpcClient('grpc.health.v1', 'Health', address);
  });

  afterAll(async () => {
    metadata.close();
    health.close();
    await app.close();
  });

  it('carries int64, maps, nested messages and proto3 optional fields as the generated types say', async () => {
    const res = await metadata.client.recordImage({
      repository: 'ns/app',
      manifest: {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: 'sha256:' + 'a'.repeat(64),
        size: 5_000_000_123,
        annotations: { 'org.example': 'x' },
        platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
      },
      tag: 'v1',
      layers: [{ mediaType: 'l', digest: 'sha256:' + 'c'.repeat(64), size: 7, annotations: {} }],
      manifests: [],
      actor: 'admin',
    });
    expect(res).toEqual({ repositoryCreated: true, previousDigest: 'sha256:' + 'b'.repeat(64) });

    const got = received[received.length - 1];
    expect(got.manifest?.size).toBe(5_000_000_123);
    expect(typeof got.manifest?.size).toBe('number');
    expect(got.manifest?.annotations).toEqual({ 'org.example': 'x' });
    expect(got.manifest?.platform).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(got.tag).toBe('v1');
    expect(got.layers).toHaveLength(1);
    expect(got.layers[0].size).toBe(7);
  });

  it('leaves unset optional fields undefined and fills plain fields with defaults', async () => {
    const res = await metadata.client.recordImage({
      repository: 'ns/app',
      manifest: { mediaType: 'm', digest: 'sha256:' + 'a'.repeat(64), size: 0, annotations: {} },
      layers: [],
      manifests: [],
      actor: '',
    });
    expect(res.repositoryCreated).toBe(false);
    expect(res.previousDigest).toBeUndefined();

    const got = received[received.length - 1];
    expect(got.tag).toBeUndefined();
    expect(got.subject).toBeUndefined();
    expect(got.config).toBeUndefined();
    expect(got.manifest?.artifactType).toBeUndefined();
    expect(got.manifest?.platform).toBeUndefined();
    expect(got.actor).toBe('');
    expect(got.manifest?.size).toBe(0);
    expect(got.manifests).toEqual([]);
  });

  it('carries the exact Berth error code and detail in trailing metadata', async () => {
    const call = metadata.client.recordImage({
      repository: 'fail/me',
      layers: [],
      manifests: [],
      actor: '',
    } as never);
    await expect(call).rejects.toMatchObject({
      code: ErrorCode.NAME_UNKNOWN,
      message: 'no such stream',
      detail: { name: 'fail/me' },
    });
  });

  it('reports unexpected errors as UNKNOWN without leaking their message', async () => {
    const call = metadata.client.recordImage({
      repository: 'crash/me',
      layers: [],
      manifests: [],
      actor: '',
    } as never);
    await expect(call).rejects.toMatchObject({ code: ErrorCode.UNKNOWN });
    await call.catch((err: Error) => expect(err.message).not.toContain('internal detail'));
  });

  it('serves grpc.health.v1 following the registered readiness checks', async () => {
    expect(await health.client.check({ service: '' })).toEqual({ status: 'SERVING' });
    let ok = false;
    app.get(HealthService).register('toggle', async () => {
      if (!ok) throw new Error('not yet');
    });
    expect(await health.client.check({ service: '' })).toEqual({ status: 'NOT_SERVING' });
    ok = true;
    expect(await health.client.check({ service: '' })).toEqual({ status: 'SERVING' });
  });
});
