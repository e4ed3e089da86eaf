import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exec, type ExecResult } from '../exec';
import { ROOT } from '../stack';

/** The `berth` executable of the checkout (what `npx berth` runs). */
export const BERTH_BIN = join(ROOT, 'cli', 'bin', 'berth.js');

/**
 * One `berth` login: its own config file (BERTH_CONFIG) and home, so tests never touch the
 * user's ~/.berth or ~/.docker.
 */
export class BerthCli {
  readonly home = mkdtempSync(join(tmpdir(), 'berth-cli-home-'));
  readonly configFile = join(this.home, 'berth-config.json');

  run(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ExecResult> {
    return exec(process.execPath, [BERTH_BIN, ...args], {
      input: opts.input,
      env: {
        BERTH_CONFIG: this.configFile,
        HOME: this.home,
        DOCKER_CONFIG: join(this.home, '.docker'),
        NO_COLOR: '1',
        ...opts.env,
      },
      timeoutMs: 120_000,
    });
  }

  /** Runs and expects exit status 0; throws with the output otherwise. */
  async ok(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
    const res = await this.run(args, opts);
    if (res.code !== 0)
      throw new Error(
        `berth ${args.join(' ')} exited ${res.code}\nstdout: ${res.stdout}\nstderr: ${res.stderr}`,
      );
    return res.stdout;
  }

  /** `-o json` output, parsed. */
  async json<T = unknown>(
    args: string[],
    opts: { input?: string; env?: NodeJS.ProcessEnv } = {},
  ): Promise<T> {
    const out = await this.ok([...args, '-o', 'json'], opts);
    try {
      return JSON.parse(out) as T;
    } catch {
      throw new Error(`berth ${args.join(' ')} -o json printed no JSON: ${out.slice(0, 300)}`);
    }
  }

  /** `berth login URL -u USER --password-stdin`. */
  login(url: string, username: string, secret: string): Promise<string> {
    return this.ok(['login', url, '-u', username, '--password-stdin'], { input: secret + '\n' });
  }
}
