import 'reflect-metadata';
import { Global, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { DatabaseModule } from '@berth/db';
import { DistributionClientModule } from '@berth/distribution-client';
import { BerthError, ErrorCode } from '@berth/errors';
import {
  createGrpcClient,
  GrpcErrorFilter,
  GrpcHealthModule,
  grpcServerOptions,
  type GrpcClientHandle,
  type PromiseClient,
} from '@berth/grpc';
import { MetadataClientModule } from '@berth/metadata-client';
import type { authProjectsV1 } from '@berth/proto';
import { createTestDatabase, getFreePort, overrideEnv, type TestDatabase } from '@berth/testing';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '@berth/db';
import { AuthConfigModule } from '../../config/auth-config.module';
import { AUTH_MIGRATIONS } from '../../migrations';
import { AUDIT_LOG, type AuditLog, type AuditRecord } from '../../ports/audit-log.port';
import {
  CALLER_AUTHENTICATOR,
  type AuthenticatedCall,
  type CallerAuthenticator,
} from '../../ports/caller-authenticator.port';
import { ANONYMOUS_PRINCIPAL, type Principal } from '../../users/principal';
import { ProjectsModule } from '../projects.module';
import { FakeRegistryPeers } from './fake-registry-peers';

/**
 * A test double of the identity feature's caller authentication: gRPC metadata
 * `authorization: Test <key>` is the principal registered under `key`, as if it had logged in
 * with Basic credentials (users: password; service accounts: pull secret); absent is anonymous.
 * Tests only: production wiring uses the identity feature's AuthnModule.
 */
export class TestCallers implements CallerAuthenticator {
  readonly principals = new Map<string, Principal>();

  async authenticate(metadata: Metadata): Promise<AuthenticatedCall> {
    const header = String(metadata.get('authorization')[0] ?? '');
    if (header === '') return { principal: ANONYMOUS_PRINCIPAL, clientIp: '', via: 'anonymous' };
    const principal = this.principals.get(header.replace(/^Test /, ''));
    if (!principal) throw new BerthError(ErrorCode.UNAUTHORIZED, 'unknown test caller');
    const via = principal.kind === 'serviceaccount' ? 'pull-secret' : 'password';
    return { principal, clientIp: '192.0.2.1', via };
  }
}

/** Audit events, kept for assertions. */
export class RecordedAudit implements AuditLog {
  readonly events: AuditRecord[] = [];
  async record(event: AuditRecord): Promise<void> {
    this.events.push(event);
  }
}

export interface ProjectsTestApp {
  app: INestMicroservice;
  client: PromiseClient<authProjectsV1.ProjectsServiceClient>;
  callers: TestCallers;
  audit: RecordedAudit;
  peers: FakeRegistryPeers;
  db: TestDatabase;
  dataSource: DataSource;
  /** Metadata for a call as the principal registered under `key` (none: anonymous). */
  as(key?: string): { metadata: Record<string, string> };
  /** Inserts users (and returns their principals, registered as callers under their names). */
  addUser(name: string, options?: { admin?: boolean; groups?: string[] }): Promise<Principal>;
  addGroup(name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Boots the projects feature as a real gRPC microservice on a fresh PostgreSQL database (all
 * auth migrations), with fake metadata and distribution peers and test doubles for the identity
 * feature's ports.
 */
export async function startProjectsTestApp(): Promise<ProjectsTestApp> {
  const db = await createTestDatabase();
  const peers = new FakeRegistryPeers();
  const peersAddress = await peers.start();
  const callers = new TestCallers();
  const audit = new RecordedAudit();
  const restoreEnv = overrideEnv({
    BERTH_SECRETS_KEY: randomBytes(32).toString('base64'),
    BERTH_METADATA_ADDR: peersAddress,
    BERTH_DISTRIBUTION_ADDR: peersAddress,
    BERTH_DATABASE_URL: db.url,
  });

  @Global()
  @Module({
    providers: [
      { provide: CALLER_AUTHENTICATOR, useValue: callers },
      { provide: AUDIT_LOG, useValue: audit },
    ],
    exports: [CALLER_AUTHENTICATOR, AUDIT_LOG],
  })
  class TestIdentityModule {}

  @Module({
    imports: [
      GrpcHealthModule,
      AuthConfigModule,
      DatabaseModule.forService(() => ({
        url: db.url,
        schema: 'auth',
        entities: [],
        migrations: AUTH_MIGRATIONS,
      })),
      MetadataClientModule.forAddress(() => peersAddress),
      DistributionClientModule.forAddress(() => peersAddress),
      TestIdentityModule,
      ProjectsModule,
    ],
  })
  class TestAppModule {}

  const address = `127.0.0.1:${await getFreePort()}`;
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(TestAppModule, {
    ...grpcServerOptions(['berth.auth.v1'], address),
    logger: ['error', 'warn'],
  });
  app.useGlobalFilters(new GrpcErrorFilter());
  await app.listen();
  const handle: GrpcClientHandle<authProjectsV1.ProjectsServiceClient> = createGrpcClient(
    'berth.auth.v1',
    'ProjectsService',
    address,
  );
  const dataSource = app.get<DataSource>(DATA_SOURCE);

  return {
    app,
    client: handle.client,
    callers,
    audit,
    peers,
    db,
    dataSource,
    as: (key) => ({ metadata: key ? { authorization: `Test ${key}` } : ({} as Record<string, string>) }),
    async addUser(name, options = {}) {
      const rows: Array<{ id: string }> = await dataSource.query(
        `INSERT INTO "auth"."users" (username, password_hash, is_admin) VALUES ($1, 'unused', $2) RETURNING id`,
        [name, options.admin ?? false],
      );
      const principal: Principal = {
        kind: 'user',
        subject: name,
        userId: rows[0].id,
        username: name,
        isAdmin: options.admin ?? false,
        groups: options.groups ?? [],
      };
      callers.principals.set(name, principal);
      return principal;
    },
    async addGroup(name) {
      await dataSource.query(`INSERT INTO "auth"."user_groups" (name) VALUES ($1)`, [name]);
    },
    async close() {
      handle.close();
      await app.close();
      await peers.stop();
      await db.drop();
      restoreEnv();
    },
  };
}

/** Row counts of the projects feature's tables, for checking that deletions leave nothing. */
export async function countRows(dataSource: DataSource): Promise<Record<string, number>> {
  const tables = [
    'projects',
    'project_members',
    'role_bindings',
    'service_accounts',
    'image_scopes',
    'registry_credentials',
  ];
  const out: Record<string, number> = {};
  for (const table of tables) {
    const rows: Array<{ n: number }> = await dataSource.query(
      `SELECT count(*)::int AS n FROM "auth"."${table}"`,
    );
    out[table] = rows[0].n;
  }
  return out;
}
