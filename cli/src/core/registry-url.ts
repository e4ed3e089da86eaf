import { CliError } from './cli-error';

const LOCAL_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?$/i;

/**
 * The registry's base URL as the CLI stores it: scheme, host, port and any path prefix, without a
 * trailing slash. Without a scheme, https is assumed, except for localhost/127.x/[::1] (http).
 */
export function normalizeRegistryUrl(input: string): string {
  const trimmed = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)
    ? trimmed
    : `${LOCAL_HOSTS.test(trimmed.split('/')[0]) ? 'http' : 'https'}://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new CliError(`invalid registry URL ${JSON.stringify(input)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(`invalid registry URL ${JSON.stringify(input)}: use http:// or https://`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new CliError(`invalid registry URL ${JSON.stringify(input)}: give scheme, host and port only`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** `host:port` of the registry as docker and Kubernetes name it (the port only when not the default). */
export function registryHost(url: string): string {
  return new URL(url).host;
}

/** A path under the registry URL, each segment percent-encoded. */
export function apiPath(...segments: string[]): string {
  return `/api/v1/${segments.map(encodeURIComponent).join('/')}`;
}
