import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
export const SHARED = resolve(ROOT, '..', 'shared');

export interface RunningStack {
  url: string;
  host: string;
  port: number;
  dataDir: string;
  adminPassword: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

function healthz(port: number): Promise<number> {
  return new Promise((res) => {
    const req = request({ host: '127.0.0.1', port, path: '/healthz', timeout: 2000 }, (r) => {
      r.resume();
      res(r.statusCode ?? 0);
    });
    req.on('error', () => res(0));
    req.on('timeout', () => (req.destroy(), res(0)));
    req.end();
  });
}

/**
 * Starts the whole registry exactly as `npm start` does (tools/dev/start.js) in
 * a data directory of its own, and waits for /healthz.
 */
export async function startStack(
  opts: { dataDir?: string; port?: number; adminPassword?: string } = {},
): Promise<RunningStack> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'berth-system-'));
  const port = opts.port ?? (await freePort());
  const adminPassword = opts.adminPassword ?? randomBytes(12).toString('hex');
  const logFile = join(dataDir, 'launcher.log');
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'tools', 'dev', 'start.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      BERTH_DATA_DIR: dataDir,
      BERTH_PORT: String(port),
      BERTH_ADMIN_PASSWORD: adminPassword,
      BERTH_SKIP_BUILD: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = createWriteStream(logFile, { flags: 'a' });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  const deadline = Date.now() + 180_000;
  for (;;) {
    if ((await healthz(port)) === 200) break;
    if (child.exitCode !== null)
      throw new Error(`the stack exited with ${child.exitCode} before becoming healthy; see ${logFile}`);
    if (Date.now() > deadline) {
      child.kill('SIGINT');
      throw new Error(`the stack did not become healthy in 180 s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    port,
    dataDir,
    adminPassword,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
