import { randomBytes } from 'node:crypto';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestMicroservice } from '@nestjs/common';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { hasAccess, TokenVerifier, decodeJwt } from '@berth/auth-client';
import { ErrorCode } from '@berth/errors';
import {
  bootGrpcService,
  createGrpcClient,
  grpcServerOptions,
  GrpcErrorFilter,
  type GrpcClientHandle,
} from '@berth/grpc';
import type { authV1 } from '@berth/proto';
import { createServer } from 'node:net';
import { Client } from 'pg';
import { AppModule } from './app.module';
import { SigningKeysService } from './keys/signing-keys.service';
import { PasswordHasher } from './users/password-hasher';
import { UsersService } from './users/users.service';

// Boots the real auth microservice against a fresh PostgreSQL database and talks to it
// over gRPC the way the gateway does.
jest.setTimeout(120_000);

const PG_URL = process.env['BERTH_TEST_PG_URL'] ?? 'postgres://berth:berth@127.0.0.1:5432/berth';
const ADMIN_PASSWORD = 'first-admin-password';
const MANAGED_ENV = [
  'BERTH_DATABASE_URL',
  'BERTH_ADMIN_PASSWORD',
  'BERTH_AUTH_GRPC_LISTEN',
  'BERTH_TOKEN_SERVICE',
  'BERTH_TOKEN_ISSUER',
  'BERTH_TOKEN_TTL_SECONDS',
  'BERTH_SECRETS_KEY',
];
const savedEnv = Object.fromEntries(MANAGED_ENV.map((k) => [k, process.env[k]]));
const createdDatabases: string[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function admin<T>(work: (client: Client) => Promise<T>, url = PG_URL): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function createDatabase(): Promise<string> {
  const name = `berth_auth_it_${process.pid}_${Date.now()}_${createdDatabases.length}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  createdDatabases.push(name);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

function setEnv(env: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}

interface Running {
  app: INestMicroservice;
  address: string;
  handle: GrpcClientHandle<authV1.AuthServiceClient>;
}

async function start(databaseUrl: string, adminPassword: string | undefined): Promise<Running> {
  const address = `127.0.0.1:${await freePort()}`;
  setEnv({
    BERTH_DATABASE_URL: databaseUrl,
    BERTH_ADMIN_PASSWORD: adminPassword,
    BERTH_AUTH_GRPC_LISTEN: address,
    BERTH_TOKEN_SERVICE: 'berth-test',
    BERTH_TOKEN_ISSUER: 'berth-auth-test',
    BERTH_TOKEN_TTL_SECONDS: '300',
    BERTH_SECRETS_KEY: randomBytes(32).toString('base64'),
  });
  const app = await bootGrpcService('auth', AppModule, ['berth.auth.v1'], address);
  const handle = createGrpcClient<authV1.AuthServiceClient>('berth.auth.v1', 'AuthService', address);
  return { app, address, handle };
}

async function stop(running: Running | undefined): Promise<void> {
  running?.handle.close();
  await running?.app.close();
}

const request = (over: Partial<authV1.IssueTokenRequest> = {}): authV1.IssueTokenRequest => ({
  service: 'berth-test',
  scopes: [],
  clientIp: '192.0.2.7',
  ...over,
});

afterAll(async () => {
  setEnv(savedEnv);
  for (const name of createdDatabases)
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
});

describe('auth service (gRPC, real PostgreSQL)', () => {
  let databaseUrl: string;
  let running: Running | undefined;
  let auth: Running['handle']['client'];

  beforeAll(async () => {
    databaseUrl = await createDatabase();
    running = await start(databaseUrl, ADMIN_PASSWORD);
    auth = running.handle.client;
  });

  afterAll(async () => {
    await stop(running);
  });

  it('issues the administrator a token with the requested access', async () => {
    const res = await auth.issueToken(
      request({
        username: 'admin',
        secret: ADMIN_PASSWORD,
        scopes: ['repository:ns/app:pull,push registry:catalog:*', 'repository:ns/x:*'],
      }),
    );
    expect(res.subject).toBe('admin');
    expect(res.expiresInSeconds).toBe(300);
    expect(Math.abs(Date.parse(res.issuedAt) - Date.now())).toBeLessThan(10_000);
    expect(res.access).toEqual([
      { type: 'repository', name: 'ns/app', actions: ['pull', 'push'] },
      { type: 'registry', name: 'catalog', actions: ['*'] },
      { type: 'repository', name: 'ns/x', actions: ['pull', 'push', 'delete'] },
    ]);
    expect(decodeJwt(res.token).claims).toMatchObject({
      iss: 'berth-auth-test',
      aud: 'berth-test',
      sub: 'admin',
      access: res.access,
    });
  });

  it('answers UNAUTHORIZED for a wrong password and an unknown user', async () => {
    await expect(auth.issueToken(request({ username: 'admin', secret: 'wrong' }))).rejects.toMatchObject({
      code: ErrorCode.UNAUTHORIZED,
    });
    await expect(auth.issueToken(request({ username: 'ghost', secret: 'x' }))).rejects.toMatchObject({
      code: ErrorCode.UNAUTHORIZED,
    });
  });

  it('answers UNAUTHORIZED for a disabled user, and grants a non-admin user nothing', async () => {
    const hash = await new PasswordHasher().hash('dev-pw');
    await admin(
      (c) =>
        c.query(
          `INSERT INTO "auth"."users" (username, password_hash, disabled) VALUES ('dev', $1, false), ('gone', $1, true)`,
          [hash],
        ),
      databaseUrl,
    );
    await expect(auth.issueToken(request({ username: 'gone', secret: 'dev-pw' }))).rejects.toMatchObject({
      code: ErrorCode.UNAUTHORIZED,
    });
    const res = await auth.issueToken(
      request({ username: 'dev', secret: 'dev-pw', scopes: ['repository:ns/app:pull'] }),
    );
    expect(res).toMatchObject({ subject: 'dev', access: [] });
  });

  it('issues anonymous callers a token with an empty access list', async () => {
    const res = await auth.issueToken(request({ scopes: ['repository:ns/app:pull'] }));
    expect(res.subject).toBe('anonymous');
    expect(res.access).toEqual([]);
    expect(res.token.split('.')).toHaveLength(3);
  });

  it('answers INVALID_ARGUMENT for another service name', async () => {
    await expect(auth.issueToken(request({ service: 'someone-else' }))).rejects.toMatchObject({
      code: ErrorCode.INVALID_ARGUMENT,
    });
  });

  it('publishes a signing key that verifies issued tokens through TokenVerifier', async () => {
    const keys = await auth.getSigningKeys({});
    expect(keys.issuer).toBe('berth-auth-test');
    expect(keys.audience).toBe('berth-test');
    expect(keys.keys).toHaveLength(1);
    expect(keys.keys[0]).toMatchObject({ algorithm: 'EdDSA', expiresAt: '' });
    expect(keys.keys[0].publicKeyPem).toContain('BEGIN PUBLIC KEY');

    const res = await auth.issueToken(
      request({ username: 'admin', secret: ADMIN_PASSWORD, scopes: ['repository:ns/app:pull'] }),
    );
    const verifier = new TokenVerifier(() => auth.getSigningKeys({}));
    const verified = await verifier.verify(res.token);
    expect(verified.subject).toBe('admin');
    expect(hasAccess(verified, 'repository', 'ns/app', 'pull')).toBe(true);
    expect(hasAccess(verified, 'repository', 'ns/app', 'push')).toBe(false);
    expect(decodeJwt(res.token).header.kid).toBe(keys.keys[0].keyId);
  });

  it('never replaces an existing administrator', async () => {
    const users = running!.app.get(UsersService);
    const results = await Promise.all([
      users.createBootstrapAdmin('other'),
      users.createBootstrapAdmin('other'),
    ]);
    expect(results).toEqual([false, false]);
    await expect(
      auth.issueToken(request({ username: 'admin', secret: ADMIN_PASSWORD })),
    ).resolves.toMatchObject({ subject: 'admin' });
  });

  it('rotates keys: the new key signs, the retired one keeps verifying until its expiry', async () => {
    const before = await auth.issueToken(
      request({ username: 'admin', secret: ADMIN_PASSWORD, scopes: ['repository:ns/app:pull'] }),
    );
    const oldKid = decodeJwt(before.token).header.kid;
    const verifier = new TokenVerifier(() => auth.getSigningKeys({}), { minFetchIntervalMs: 0 });
    await verifier.verify(before.token);

    const rotation = await running!.app.get(SigningKeysService).rotate();
    expect(rotation.retired).toEqual([oldKid]);
    expect(rotation.kid).not.toBe(oldKid);

    const keys = await auth.getSigningKeys({});
    const byKid = new Map(keys.keys.map((k) => [k.keyId, k]));
    expect([...byKid.keys()].sort()).toEqual([oldKid, rotation.kid].sort());
    expect(byKid.get(rotation.kid)!.expiresAt).toBe('');
    const oldExpiry = Date.parse(byKid.get(oldKid!)!.expiresAt);
    expect(oldExpiry - Date.now()).toBeGreaterThan(300_000);

    const after = await auth.issueToken(
      request({ username: 'admin', secret: ADMIN_PASSWORD, scopes: ['repository:ns/app:push'] }),
    );
    expect(decodeJwt(after.token).header.kid).toBe(rotation.kid);
    await expect(verifier.verify(after.token)).resolves.toMatchObject({ subject: 'admin' });
    const fresh = new TokenVerifier(() => auth.getSigningKeys({}));
    await expect(fresh.verify(before.token)).resolves.toMatchObject({ subject: 'admin' });
    await expect(fresh.verify(after.token)).resolves.toMatchObject({ subject: 'admin' });
  });

  it('keeps the administrator and the keys across a restart, never overwriting the password', async () => {
    const keysBefore = await auth.getSigningKeys({});
    await stop(running);
    running = await start(databaseUrl, 'a-different-password');
    auth = running.handle.client;

    await expect(
      auth.issueToken(request({ username: 'admin', secret: ADMIN_PASSWORD })),
    ).resolves.toMatchObject({ subject: 'admin' });
    await expect(
      auth.issueToken(request({ username: 'admin', secret: 'a-different-password' })),
    ).rejects.toMatchObject({
      code: ErrorCode.UNAUTHORIZED,
    });
    const keysAfter = await auth.getSigningKeys({});
    expect(keysAfter.keys.map((k) => k.keyId).sort()).toEqual(keysBefore.keys.map((k) => k.keyId).sort());

    // Once the admin exists, the variable is no longer needed.
    await stop(running);
    running = await start(databaseUrl, undefined);
    auth = running.handle.client;
    await expect(
      auth.issueToken(request({ username: 'admin', secret: ADMIN_PASSWORD })),
    ).resolves.toMatchObject({ subject: 'admin' });
  });
});

describe('auth service startup on an empty database', () => {
  it('creates the administrator and the first signing key exactly once when two replicas start together', async () => {
    const databaseUrl = await createDatabase();
    setEnv({
      BERTH_DATABASE_URL: databaseUrl,
      BERTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
      BERTH_TOKEN_SERVICE: 'berth-test',
    });
    const addresses = [`127.0.0.1:${await freePort()}`, `127.0.0.1:${await freePort()}`];
    const apps = await Promise.all(
      addresses.map((a) => bootGrpcService('auth', AppModule, ['berth.auth.v1'], a)),
    );
    try {
      const counts = await admin(
        (c) =>
          c.query(
            `SELECT (SELECT count(*)::int FROM "auth"."users") AS users, (SELECT count(*)::int FROM "auth"."signing_keys") AS keys`,
          ),
        databaseUrl,
      );
      expect(counts.rows[0]).toEqual({ users: 1, keys: 1 });
      for (const address of addresses) {
        const handle = createGrpcClient<authV1.AuthServiceClient>('berth.auth.v1', 'AuthService', address);
        try {
          await expect(
            handle.client.issueToken(request({ username: 'admin', secret: ADMIN_PASSWORD })),
          ).resolves.toMatchObject({
            subject: 'admin',
          });
        } finally {
          handle.close();
        }
      }
    } finally {
      await Promise.all(apps.map((app) => app.close()));
    }
  });

  it('fails naming BERTH_ADMIN_PASSWORD when it is missing', async () => {
    const databaseUrl = await createDatabase();
    const address = `127.0.0.1:${await freePort()}`;
    setEnv({
      BERTH_DATABASE_URL: databaseUrl,
      BERTH_ADMIN_PASSWORD: undefined,
      BERTH_AUTH_GRPC_LISTEN: address,
    });
    const app = await NestFactory.createMicroservice<MicroserviceOptions>(AppModule, {
      ...grpcServerOptions(['berth.auth.v1'], address),
      logger: false,
    });
    app.useGlobalFilters(new GrpcErrorFilter());
    try {
      await expect(app.listen()).rejects.toThrow(/BERTH_ADMIN_PASSWORD is required/);
    } finally {
      await app.close();
    }
    const users = await admin((c) => c.query('SELECT count(*)::int AS n FROM "auth"."users"'), databaseUrl);
    expect(users.rows[0].n).toBe(0);
  });
});
