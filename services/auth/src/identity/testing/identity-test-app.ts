// Boots the real auth service (production wiring, every migration) on a fresh database for
// int-specs, with clients that talk to it the way the gateway does.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestMicroservice, LoggerService } from '@nestjs/common';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { createGrpcClient, grpcServerOptions, GrpcErrorFilter, type PromiseClient } from '@berth/grpc';
import type { authIdentityV1, authProjectsV1, authV1 } from '@berth/proto';
import { createTestDatabase, getFreePort, overrideEnv, type TestDatabase } from '@berth/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { AppModule } from '../../app.module';
import { FakeRegistryPeers } from '../../projects/testing/fake-registry-peers';

/** Every line the service logs, to prove no secret ever appears in them. */
export class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  log = (...args: unknown[]) => void this.lines.push(args.map(String).join(' '));
  error = this.log;
  warn = this.log;
  debug = this.log;
  verbose = this.log;
  fatal = this.log;
}

export interface IdentityTestApp {
  identity: PromiseClient<authIdentityV1.IdentityServiceClient>;
  auth: PromiseClient<authV1.AuthServiceClient>;
  projects: PromiseClient<authProjectsV1.ProjectsServiceClient>;
  logs: CapturingLogger;
  db: TestDatabase;
  /** The metadata and distribution services the auth service asks about repositories. */
  peers: FakeRegistryPeers;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** gRPC metadata as the gateway forwards it: the client's Authorization header and address. */
export function basicAuth(
  username: string,
  secret: string,
  clientIp = '192.0.2.10',
): { metadata: Record<string, string> } {
  const authorization = `Basic ${Buffer.from(`${username}:${secret}`).toString('base64')}`;
  return { metadata: { authorization, 'berth-client-ip': clientIp } };
}

export function bearerAuth(token: string, clientIp = '192.0.2.10'): { metadata: Record<string, string> } {
  return { metadata: { authorization: `Bearer ${token}`, 'berth-client-ip': clientIp } };
}

/**
 * Starts AppModule with `env` (BERTH_SECRETS_KEY, database, listen address and in-memory metadata
 * and distribution peers are filled in).
 */
export async function startIdentityTestApp(env: Record<string, string>): Promise<IdentityTestApp> {
  const db = await createTestDatabase();
  const address = `127.0.0.1:${await getFreePort()}`;
  const peers = new FakeRegistryPeers();
  const peersAddress = await peers.start();
  const all: Record<string, string> = {
    BERTH_SECRETS_KEY: randomBytes(32).toString('base64'),
    BERTH_METADATA_ADDR: peersAddress,
    BERTH_DISTRIBUTION_ADDR: peersAddress,
    ...env,
    BERTH_DATABASE_URL: db.url,
    BERTH_AUTH_GRPC_LISTEN: address,
  };
  const restoreEnv = overrideEnv(all);
  const logs = new CapturingLogger();
  const app: INestMicroservice = await NestFactory.createMicroservice<MicroserviceOptions>(AppModule, {
    ...grpcServerOptions(['berth.auth.v1'], address),
    logger: logs,
  });
  app.useGlobalFilters(new GrpcErrorFilter());
  await app.listen();
  const identity = createGrpcClient<authIdentityV1.IdentityServiceClient>(
    'berth.auth.v1',
    'IdentityService',
    address,
  );
  const auth = createGrpcClient<authV1.AuthServiceClient>('berth.auth.v1', 'AuthService', address);
  const projects = createGrpcClient<authProjectsV1.ProjectsServiceClient>(
    'berth.auth.v1',
    'ProjectsService',
    address,
  );
  return {
    identity: identity.client,
    auth: auth.client,
    projects: projects.client,
    logs,
    db,
    peers,
    async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      const client = new Client({ connectionString: db.url });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows as T[];
      } finally {
        await client.end();
      }
    },
    async close() {
      identity.close();
      auth.close();
      projects.close();
      await app.close();
      await peers.stop();
      await db.drop();
      restoreEnv();
    },
  };
}
