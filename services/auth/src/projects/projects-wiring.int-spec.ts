import 'reflect-metadata';
import type { INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { ErrorCode } from '@berth/errors';
import { createGrpcClient, GrpcErrorFilter, grpcServerOptions, type GrpcClientHandle } from '@berth/grpc';
import type { authProjectsV1, authV1 } from '@berth/proto';
import { createTestDatabase, getFreePort, overrideEnv, type TestDatabase } from '@berth/testing';
import { randomBytes } from 'node:crypto';
import { AppModule } from '../app.module';
import { FakeRegistryPeers } from './testing/fake-registry-peers';

// The real auth application (identity's caller authentication and token exchange wired to this
// feature's policy and service-account logins): a project admin's Basic login, a service
// account's pull-secret login at the token endpoint, and the Bearer token it gets back.
jest.setTimeout(60_000);

const ADMIN_PASSWORD = 'wiring-admin-password';
const basic = (user: string, secret: string) => ({
  metadata: { authorization: `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}` },
});

describe('projects in the auth application', () => {
  let restoreEnv: (() => void) | undefined;
  let db: TestDatabase;
  let peers: FakeRegistryPeers;
  let app: INestMicroservice;
  let projects: GrpcClientHandle<authProjectsV1.ProjectsServiceClient>;
  let auth: GrpcClientHandle<authV1.AuthServiceClient>;

  beforeAll(async () => {
    db = await createTestDatabase();
    peers = new FakeRegistryPeers();
    const peersAddress = await peers.start();
    restoreEnv = overrideEnv({
      BERTH_DATABASE_URL: db.url,
      BERTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
      BERTH_SECRETS_KEY: randomBytes(32).toString('hex'),
      BERTH_METADATA_ADDR: peersAddress,
      BERTH_DISTRIBUTION_ADDR: peersAddress,
      BERTH_TOKEN_SERVICE: 'berth-test',
    });
    const address = `127.0.0.1:${await getFreePort()}`;
    app = await NestFactory.createMicroservice<MicroserviceOptions>(AppModule, {
      ...grpcServerOptions(['berth.auth.v1'], address),
      logger: ['error'],
    });
    app.useGlobalFilters(new GrpcErrorFilter());
    await app.listen();
    projects = createGrpcClient('berth.auth.v1', 'ProjectsService', address);
    auth = createGrpcClient('berth.auth.v1', 'AuthService', address);
  });

  afterAll(async () => {
    projects?.close();
    auth?.close();
    await app?.close();
    await peers?.stop();
    await db?.drop();
    restoreEnv?.();
  });

  it('lets a service account log in with its pull secret and get exactly its access', async () => {
    const admin = basic('admin', ADMIN_PASSWORD);
    await projects.client.createProject({ name: 'team', public: false }, admin);
    peers.repositories.add('team/app');
    const { pullSecret } = await projects.client.getPullSecret({ project: 'team', name: 'default' }, admin);

    const issued = await auth.client.issueToken({
      service: 'berth-test',
      username: pullSecret!.username,
      secret: pullSecret!.password,
      scopes: ['repository:team/app:pull,push', 'repository:team/new:push', 'registry:catalog:*'],
      clientIp: '192.0.2.9',
    });
    expect(issued.subject).toBe('system:serviceaccount:team:default');
    expect(issued.access).toEqual([
      { type: 'repository', name: 'team/app', actions: ['pull'] },
      { type: 'registry', name: 'catalog', actions: ['*'] },
    ]);

    // The Bearer token identifies the service account on management calls: it sees its project.
    const bearer = { metadata: { authorization: `Bearer ${issued.token}` } };
    await expect(projects.client.getProject({ name: 'team' }, bearer)).resolves.toMatchObject({
      project: { name: 'team', callerRole: '' },
    });
    await expect(projects.client.listMembers({ project: 'team' }, bearer)).rejects.toMatchObject({
      code: ErrorCode.DENIED,
    });
  });

  it('stops accepting a revoked pull secret', async () => {
    const admin = basic('admin', ADMIN_PASSWORD);
    const { pullSecret } = await projects.client.getPullSecret({ project: 'team', name: 'builder' }, admin);
    await projects.client.revokePullSecret({ project: 'team', name: 'builder' }, admin);
    await expect(
      auth.client.issueToken({
        service: 'berth-test',
        username: pullSecret!.username,
        secret: pullSecret!.password,
        scopes: ['repository:team/app:pull'],
        clientIp: '192.0.2.9',
      }),
    ).rejects.toMatchObject({ code: ErrorCode.UNAUTHORIZED });
  });

  it('hides a private project from anonymous callers at the token endpoint and in the API', async () => {
    const issued = await auth.client.issueToken({
      service: 'berth-test',
      scopes: ['repository:team/app:pull'],
      clientIp: '',
    });
    expect(issued.access).toEqual([]);
    await expect(projects.client.getProject({ name: 'team' }, { metadata: {} })).rejects.toMatchObject({
      code: ErrorCode.NOT_FOUND,
    });
  });
});
