import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { COMMANDS } from './commands';
import type { CliIo } from './core/cli-io';
import { runCli } from './core/cli-runner';

/** The version of the package (cli/package.json, beside src/ and dist/). */
export function cliVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    homedir: os.homedir(),
    hostname: os.hostname(),
    fetch: globalThis.fetch,
  };
}

/** `berth ARGS…`: runs one command line, resolves to the exit status. */
export function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  return runCli(argv, io, COMMANDS, cliVersion());
}
