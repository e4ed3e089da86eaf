// Jest globalSetup for integration tests (*.int-spec.ts), in the spirit of
// Immich's server/test/medium/globalSetup.ts:
//
//   1. tools/testenv/ensure-dockerd.sh  - a Docker engine answers on /var/run/docker.sock
//   2. tools/testenv/build-images.sh    - berth-test/postgres:15 and berth-test/redis:7 exist
//                                          (built offline with mmdebstrap; cached)
//   3. starts ONE PostgreSQL and ONE Redis container with Testcontainers, shared by
//      all workers, and exports their coordinates (TEST_ENV in test-env.ts) through
//      process.env, which Jest workers inherit.
//
// Tests then isolate themselves with createTestDatabase() and testRedisPrefix().
// When BERTH_TEST_PG_URL and BERTH_TEST_REDIS_URL are both already set, nothing is
// started and those servers are used as they are.
import { execFileSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { StartedTestContainer } from 'testcontainers';
import { getFreePort } from './free-port';
import { TEST_CONTAINER_LABEL, TEST_ENV, TEST_IMAGES } from './test-env';

const TESTENV_DIR = join(__dirname, '..', '..', '..', 'tools', 'testenv');
const PG_PASSWORD = 'postgres';
const PG_DATABASE = 'berth';
const STARTUP_TIMEOUT_MS = 120_000;

declare global {
  var __BERTH_TEST_CONTAINERS__: StartedTestContainer[] | undefined;
}

function log(message: string): void {
  process.stderr.write(`[berth-testenv] ${message}\n`);
}

function runScript(script: string): void {
  execFileSync('bash', [join(TESTENV_DIR, script)], { stdio: 'inherit' });
}

const owner = `${hostname()}:${process.pid}`;

/** Removes containers left behind by earlier runs on this host whose Jest process is gone (Ryuk is off). */
function removeStaleContainers(): void {
  const lines = execFileSync(
    'docker',
    [
      'ps',
      '-a',
      '--filter',
      `label=${TEST_CONTAINER_LABEL}`,
      '--format',
      `{{.ID}} {{.Label "${TEST_CONTAINER_LABEL}"}}`,
    ],
    { encoding: 'utf8' },
  )
    .split('\n')
    .filter(Boolean);
  const stale = lines
    .map((line) => line.split(' '))
    .filter(([, label]) => {
      const [host, pid] = (label ?? '').split(':');
      return host === hostname() && !isAlive(Number(pid));
    })
    .map(([id]) => id);
  if (stale.length > 0) {
    log(`removing ${stale.length} container(s) left by earlier runs`);
    execFileSync('docker', ['rm', '-f', '-v', ...stale], { stdio: 'ignore' });
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Publishes the container port on a host port chosen here: Docker 20.10 maps
 * IPv4 and IPv6 to *different* random host ports, so `localhost:<port>` could
 * reach another container over the other IP family. A fixed port is the same
 * on both. Retries when the port is taken in between.
 */
async function startOnFreePort(
  build: (hostPort: number) => { start(): Promise<StartedTestContainer> },
): Promise<StartedTestContainer> {
  for (let attempt = 1; ; attempt++) {
    const hostPort = await getFreePort('0.0.0.0');
    try {
      return await build(hostPort).start();
    } catch (err) {
      const message = String((err as Error).message ?? err);
      if (attempt >= 3 || !/port is already allocated|address already in use/i.test(message)) throw err;
      log(`host port ${hostPort} was taken, retrying`);
    }
  }
}

export default async function integrationGlobalSetup(): Promise<void> {
  if (process.env[TEST_ENV.pgUrl] && process.env[TEST_ENV.redisUrl]) {
    log(`using the servers given by ${TEST_ENV.pgUrl} and ${TEST_ENV.redisUrl}`);
    return;
  }
  const started = Date.now();

  runScript('ensure-dockerd.sh');
  runScript('build-images.sh');

  // Before Testcontainers creates its client: no Ryuk (its image cannot be pulled
  // here), and published ports are reached on localhost.
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  process.env.TESTCONTAINERS_HOST_OVERRIDE ??= 'localhost';
  const { GenericContainer, Wait } = await import('testcontainers');

  removeStaleContainers();
  const labels = { [TEST_CONTAINER_LABEL]: owner };

  const results = await Promise.allSettled([
    startOnFreePort((hostPort) =>
      new GenericContainer(TEST_IMAGES.postgres)
        .withExposedPorts({ container: 5432, host: hostPort })
        .withEnvironment({ POSTGRES_PASSWORD: PG_PASSWORD, POSTGRES_DB: PG_DATABASE })
        .withCommand([
          'postgres',
          ...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
          ...['-c', 'max_connections=300'],
        ])
        // Data on tmpfs: faster, and nothing to clean up on the host.
        .withTmpFs({ '/var/lib/postgresql/data': 'rw' })
        .withSharedMemorySize(256 * 1024 * 1024)
        .withLabels(labels)
        .withStartupTimeout(STARTUP_TIMEOUT_MS)
        .withWaitStrategy(
          Wait.forAll([
            Wait.forListeningPorts(),
            Wait.forLogMessage('database system is ready to accept connections'),
          ]),
        ),
    ),
    startOnFreePort((hostPort) =>
      new GenericContainer(TEST_IMAGES.redis)
        .withExposedPorts({ container: 6379, host: hostPort })
        .withLabels(labels)
        .withStartupTimeout(STARTUP_TIMEOUT_MS)
        .withWaitStrategy(
          Wait.forAll([Wait.forListeningPorts(), Wait.forLogMessage('Ready to accept connections')]),
        ),
    ),
  ]);

  const containers = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  globalThis.__BERTH_TEST_CONTAINERS__ = containers;
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    // Jest does not run globalTeardown when globalSetup fails.
    await Promise.allSettled(containers.map((c) => c.stop()));
    throw failure.reason;
  }
  const [pg, redis] = containers;

  const pgHost = pg.getHost();
  const pgPort = pg.getMappedPort(5432);
  const redisHost = redis.getHost();
  const redisPort = redis.getMappedPort(6379);
  Object.assign(process.env, {
    [TEST_ENV.pgUrl]: `postgres://postgres:${PG_PASSWORD}@${pgHost}:${pgPort}/${PG_DATABASE}`,
    [TEST_ENV.pgHost]: pgHost,
    [TEST_ENV.pgPort]: String(pgPort),
    [TEST_ENV.redisUrl]: `redis://${redisHost}:${redisPort}`,
    [TEST_ENV.redisHost]: redisHost,
    [TEST_ENV.redisPort]: String(redisPort),
  });
  log(
    `PostgreSQL on ${pgHost}:${pgPort}, Redis on ${redisHost}:${redisPort} ` +
      `(ready in ${((Date.now() - started) / 1000).toFixed(1)}s)`,
  );
}
