import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from './cli-error';
import { readIfExists, writePrivateFile } from './private-file';

/** The login kept by `berth login`: the registry URL, the user and its personal API token. */
export interface BerthConfig {
  url: string;
  username: string;
  token: string;
  /** The API token's name, to revoke it at logout. */
  tokenName?: string;
}

/** `$BERTH_CONFIG`, else `~/.berth/config.json`. */
export function configPath(env: Record<string, string | undefined>, homedir: string): string {
  const explicit = env['BERTH_CONFIG'];
  return explicit ? path.resolve(explicit) : path.join(homedir, '.berth', 'config.json');
}

export function readConfig(file: string): BerthConfig | undefined {
  const text = readIfExists(file);
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(`${file} is not valid JSON; remove it or run 'berth login URL' again`);
  }
  const c = parsed as Partial<Record<keyof BerthConfig, unknown>>;
  if (
    typeof c !== 'object' ||
    c === null ||
    typeof c.url !== 'string' ||
    typeof c.username !== 'string' ||
    typeof c.token !== 'string'
  ) {
    throw new CliError(`${file} lacks url, username or token; run 'berth login URL' again`);
  }
  return {
    url: c.url,
    username: c.username,
    token: c.token,
    ...(typeof c.tokenName === 'string' ? { tokenName: c.tokenName } : {}),
  };
}

export function writeConfig(file: string, config: BerthConfig): void {
  writePrivateFile(file, `${JSON.stringify(config, null, 2)}\n`);
}

export function removeConfig(file: string): void {
  fs.rmSync(file, { force: true });
}
