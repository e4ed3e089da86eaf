import * as path from 'node:path';
import { CliError } from '../core/cli-error';
import { readIfExists, writePrivateFile } from '../core/private-file';

/** A docker/podman config.json, as far as the CLI reads or writes it; other keys are kept. */
export interface DockerConfig {
  auths?: Record<string, DockerAuthEntry>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
  [key: string]: unknown;
}

export interface DockerAuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  email?: string;
  identitytoken?: string;
  [key: string]: unknown;
}

export interface RegistryLogin {
  server: string;
  username: string;
  password: string;
  email?: string;
}

const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** `--to FILE`, else `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function dockerConfigPath(
  env: Record<string, string | undefined>,
  homedir: string,
  to?: string,
): string {
  if (to) return path.resolve(to);
  const dir = env['DOCKER_CONFIG'];
  return dir ? path.join(path.resolve(dir), 'config.json') : path.join(homedir, '.docker', 'config.json');
}

/**
 * The registry a config.json key names, as a host[:port]: `https://index.docker.io/v1/` → `docker.io`,
 * `https://quay.io` → `quay.io`, `registry.example.com:5000/v2/` → `registry.example.com:5000`.
 */
export function normalizeServer(key: string): string {
  const host = key
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .split('/')[0]
    .toLowerCase();
  return DOCKER_HUB.has(host) ? 'docker.io' : host;
}

export function parseDockerConfig(text: string, file: string): DockerConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(`${file} is not valid JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CliError(`${file} is not a JSON object`);
  }
  const config = parsed as DockerConfig;
  if (config.auths !== undefined && (typeof config.auths !== 'object' || config.auths === null)) {
    throw new CliError(`${file}: "auths" is not an object`);
  }
  return config;
}

/** The credential helper that keeps the server's credentials instead of `auths`, if any. */
function helperFor(config: DockerConfig, server: string): string | undefined {
  for (const [key, helper] of Object.entries(config.credHelpers ?? {})) {
    if (normalizeServer(key) === server) return `docker-credential-${helper} (credHelpers)`;
  }
  return config.credsStore ? `docker-credential-${config.credsStore} (credsStore)` : undefined;
}

/**
 * The login for `server` (or for the only registry in the file) from a docker config.json: the
 * `auth` field (base64 `user:password`) or `username`/`password`. Credentials kept by a
 * credential helper cannot be read from the file and are refused with a clear message.
 */
export function loginFromDockerConfig(config: DockerConfig, file: string, server?: string): RegistryLogin {
  const entries = Object.entries(config.auths ?? {}).map(([key, entry]) => ({
    key,
    server: normalizeServer(key),
    entry: (entry ?? {}) as DockerAuthEntry,
  }));
  const useInstead = 'pass --docker-username and --docker-password instead';
  let chosen: (typeof entries)[number] | undefined;
  if (server !== undefined) {
    const wanted = normalizeServer(server);
    chosen = entries.find((e) => e.server === wanted);
    if (!chosen) {
      const helper = helperFor(config, wanted);
      if (helper)
        throw new CliError(`${file} keeps the credentials for ${wanted} in ${helper}; ${useInstead}`);
      throw new CliError(`${file} has no credentials for ${wanted}`);
    }
  } else if (entries.length === 1) {
    chosen = entries[0];
  } else if (entries.length === 0) {
    const helpers = [config.credsStore, ...Object.values(config.credHelpers ?? {})].filter(Boolean);
    if (helpers.length > 0) {
      throw new CliError(
        `${file} keeps its credentials in a credential helper (credsStore/credHelpers); ${useInstead}`,
      );
    }
    throw new CliError(`${file} holds no registry credentials`);
  } else {
    const names = entries.map((e) => e.key).join(', ');
    throw new CliError(
      `${file} holds credentials for several registries (${names}); choose one with --docker-server`,
    );
  }
  const { entry } = chosen;
  let username = typeof entry.username === 'string' ? entry.username : '';
  let password = typeof entry.password === 'string' ? entry.password : '';
  if (typeof entry.auth === 'string' && entry.auth !== '') {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) throw new CliError(`${file}: the "auth" of ${chosen.key} is not base64 of user:password`);
    username = decoded.slice(0, colon);
    password = decoded.slice(colon + 1);
  }
  if (!username || !password) {
    if (typeof entry.identitytoken === 'string' && entry.identitytoken !== '') {
      throw new CliError(
        `${file}: ${chosen.key} has an identity token, not a username and password; ${useInstead}`,
      );
    }
    const helper = helperFor(config, chosen.server);
    if (helper)
      throw new CliError(`${file} keeps the credentials for ${chosen.key} in ${helper}; ${useInstead}`);
    throw new CliError(`${file}: ${chosen.key} has no username and password`);
  }
  return {
    server: chosen.server,
    username,
    password,
    ...(typeof entry.email === 'string' && entry.email !== '' ? { email: entry.email } : {}),
  };
}

export interface MergeResult {
  file: string;
  /** Set when a credential helper, not `auths`, is what docker will consult for this host. */
  helper?: string;
}

/**
 * Sets `auths[host] = {auth: base64(username:secret)}` in a docker config.json, keeping every other
 * key; creates the file (0600) and its folders (0700) when missing.
 */
export function mergeRegistryAuth(file: string, host: string, username: string, secret: string): MergeResult {
  const text = readIfExists(file);
  const config = text === undefined || text.trim() === '' ? {} : parseDockerConfig(text, file);
  const auth = Buffer.from(`${username}:${secret}`, 'utf8').toString('base64');
  const merged: DockerConfig = { ...config, auths: { ...(config.auths ?? {}), [host]: { auth } } };
  writePrivateFile(file, `${JSON.stringify(merged, null, '\t')}\n`);
  const helper = helperFor(config, normalizeServer(host));
  return { file, ...(helper ? { helper } : {}) };
}
