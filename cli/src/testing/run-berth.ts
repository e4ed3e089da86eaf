import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import type { CliIo, CliStdin } from '../core/cli-io';
import { writeConfig, type BerthConfig } from '../core/config-store';
import { main } from '../main';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Standard input (a pipe), or a custom stream such as a fake terminal. */
  stdin?: string | CliStdin;
  env?: Record<string, string | undefined>;
  home?: string;
  hostname?: string;
}

/** A fresh home directory for one test. */
export function tempHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'berth-cli-'));
}

/** Stores a login in `home`'s ~/.berth/config.json, as `berth login` would. */
export function storeLogin(home: string, config: Partial<BerthConfig> & { url: string }): BerthConfig {
  const full: BerthConfig = {
    username: 'alice',
    token: 'bpat_t1_s3cr3t',
    tokenName: 'berth-cli@laptop',
    ...config,
  };
  writeConfig(path.join(home, '.berth', 'config.json'), full);
  return full;
}

export function basic(username: string, secret: string): string {
  return `Basic ${Buffer.from(`${username}:${secret}`).toString('base64')}`;
}

/** Runs `berth ARGV` in-process with captured output. */
export async function runBerth(argv: string[], options: RunOptions = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  let stdin: CliStdin;
  if (typeof options.stdin === 'string' || options.stdin === undefined) {
    const pipe = new PassThrough();
    pipe.end(options.stdin ?? '');
    stdin = pipe;
  } else {
    stdin = options.stdin;
  }
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin,
    env: options.env ?? {},
    homedir: options.home ?? tempHome(),
    hostname: options.hostname ?? 'laptop',
    fetch: globalThis.fetch,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
