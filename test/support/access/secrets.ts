import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Every secret the system tests create or receive (passwords, API tokens, pull-secret tokens,
// registry credential passwords, issued JWTs) is noted here, in the stack's data directory but
// outside its logs/, so that test/system/secrets-in-logs.system-spec.ts can grep the service
// logs for all of them.

const FILE = 'test-secrets.jsonl';

export interface NotedSecret {
  what: string;
  value: string;
}

function file(): string | undefined {
  const dir = process.env.BERTH_TEST_DATA_DIR;
  return dir ? join(dir, FILE) : undefined;
}

/** Remembers a secret (and the Basic form it travels in, when a username is given). */
export function noteSecret(what: string, value: string, username?: string): void {
  const path = file();
  if (!path || value === '') return;
  const lines = [{ what, value }];
  if (username !== undefined)
    lines.push({
      what: `${what} (Basic credentials)`,
      value: Buffer.from(`${username}:${value}`).toString('base64'),
    });
  appendFileSync(path, lines.map((l) => JSON.stringify(l) + '\n').join(''));
}

export function notedSecrets(): NotedSecret[] {
  const path = file();
  if (!path || !existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as NotedSecret);
}
