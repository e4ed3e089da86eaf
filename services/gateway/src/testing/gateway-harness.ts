import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { InjectOptions, LightMyRequestResponse as InjectResponse } from 'fastify';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTH_CLIENT, IDENTITY_CLIENT, PROJECTS_CLIENT } from '@berth/auth-client';
import { DISTRIBUTION_CLIENT } from '@berth/distribution-client';
import { METADATA_CLIENT } from '@berth/metadata-client';
import { FilesystemBlobDriver } from '@berth/storage';
import { ApiModule } from '../api/api.module';
import { GATEWAY_CONFIG, loadGatewayConfig } from '../config/gateway.config';
import { RegistryModule } from '../registry/registry.module';
import { BLOB_DRIVER } from '../storage/blob-storage.module';
import { FakePeers } from './fake-peers';

export const sha256 = (b: Buffer | string): string =>
  `sha256:${createHash('sha256').update(b).digest('hex')}`;
export const sha512 = (b: Buffer): string => `sha512:${createHash('sha512').update(b).digest('hex')}`;

/** The manifest size limit the harness configures: just above the spec's 4 MB minimum. */
export const HARNESS_MANIFEST_LIMIT = 4 * 1024 * 1024 + 1;

@Module({})
class HarnessRoot {
  static with(peers: FakePeers, driver: FilesystemBlobDriver, root: string): DynamicModule {
    const config = loadGatewayConfig({ BERTH_STORAGE_ROOT: root });
    return {
      module: HarnessRoot,
      global: true,
      imports: [RegistryModule, ApiModule],
      providers: [
        {
          provide: GATEWAY_CONFIG,
          useValue: { ...config, BERTH_MANIFEST_MAX_BYTES: HARNESS_MANIFEST_LIMIT },
        },
        { provide: AUTH_CLIENT, useValue: peers.auth },
        { provide: IDENTITY_CLIENT, useValue: peers.management.identity },
        { provide: PROJECTS_CLIENT, useValue: peers.management.projects },
        { provide: DISTRIBUTION_CLIENT, useValue: peers.distribution },
        { provide: METADATA_CLIENT, useValue: peers.metadata },
        { provide: BLOB_DRIVER, useValue: driver },
      ],
      exports: [
        GATEWAY_CONFIG,
        AUTH_CLIENT,
        IDENTITY_CLIENT,
        PROJECTS_CLIENT,
        DISTRIBUTION_CLIENT,
        METADATA_CLIENT,
        BLOB_DRIVER,
      ],
    };
  }
}

/**
 * Two gateway replicas (the /v2/ API, the token realm and /api/v1, without the change-event subscriber)
 * over FakePeers and one filesystem store in a temporary directory, driven with Fastify's inject.
 */
export class GatewayHarness {
  peers!: FakePeers;
  app!: NestFastifyApplication;
  replica!: NestFastifyApplication;
  /** A token granting pull/push/delete on `repository` and the catalog. */
  token = '';
  private root = '';

  constructor(readonly repository = 'team/app') {}

  async start(): Promise<void> {
    Logger.overrideLogger(false);
    this.root = await mkdtemp(join(tmpdir(), 'berth-gateway-'));
    const driver = new FilesystemBlobDriver(this.root);
    this.peers = new FakePeers(driver);
    this.app = await this.boot(driver);
    this.replica = await this.boot(driver);
    this.token = this.peers.token('admin', [
      { type: 'repository', name: this.repository, actions: ['pull', 'push', 'delete'] },
      { type: 'repository', name: 'team/other', actions: ['pull', 'push'] },
      { type: 'registry', name: 'catalog', actions: ['*'] },
    ]);
  }

  async close(): Promise<void> {
    await this.app?.close();
    await this.replica?.close();
    if (this.root) await rm(this.root, { recursive: true, force: true });
  }

  /** A request without credentials. */
  anonymous(opts: InjectOptions, app = this.app): Promise<InjectResponse> {
    return app.inject(opts);
  }

  /** A request with the harness token (unless the options carry another Authorization). */
  call(opts: InjectOptions, app = this.app): Promise<InjectResponse> {
    return app.inject({
      ...opts,
      headers: { authorization: `Bearer ${this.token}`, ...(opts.headers ?? {}) },
    });
  }

  /** Pushes a blob monolithically (POST + PUT) and returns its digest; throws unless 201. */
  async push(data: Buffer, repository = this.repository): Promise<string> {
    const start = await this.call({ method: 'POST', url: `/v2/${repository}/blobs/uploads/` });
    const res = await this.call({
      method: 'PUT',
      url: `${start.headers.location}?digest=${sha256(data)}`,
      payload: data,
      headers: { 'content-type': 'application/octet-stream' },
    });
    if (res.statusCode !== 201) throw new Error(`blob push answered ${res.statusCode}: ${res.body}`);
    return sha256(data);
  }

  private async boot(driver: FilesystemBlobDriver): Promise<NestFastifyApplication> {
    const app = await NestFactory.create<NestFastifyApplication>(
      HarnessRoot.with(this.peers, driver, this.root),
      new FastifyAdapter({ skipMiddie: true }),
      { logger: false },
    );
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return app;
  }
}

/** The first OCI error code of a response body. */
export function errorCode(res: InjectResponse): string {
  return (res.json() as { errors: Array<{ code: string }> }).errors[0].code;
}
