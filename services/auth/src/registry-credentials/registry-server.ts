import { BerthError, ErrorCode } from '@berth/errors';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const IPV6 = /^\[[0-9a-f:.]+\]$/;
const MAX_HOST = 253;

/**
 * The registry a credential is for, as `host[:port]`, lowercased. Accepts what people paste: a
 * scheme (`https://`) and a path (`/v1/`, `/v2/`) are stripped, so `https://index.docker.io/v1/`
 * becomes `index.docker.io`. INVALID_ARGUMENT for anything that is not a host name, IPv4 or
 * bracketed IPv6 address with an optional port 1-65535 (user info, queries and spaces included).
 */
export function normalizeRegistryServer(input: string): string {
  let text = input.trim().toLowerCase();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//.exec(text);
  if (scheme) text = text.slice(scheme[0].length);
  const slash = text.indexOf('/');
  if (slash >= 0) text = text.slice(0, slash);
  if (!isHostPort(text)) {
    throw new BerthError(
      ErrorCode.INVALID_ARGUMENT,
      `registry server ${JSON.stringify(input.slice(0, 120))} is not a host[:port] such as "quay.io" or "registry.example.com:5000"`,
    );
  }
  return text;
}

function isHostPort(text: string): boolean {
  const [, host, port] = /^(.*?)(?::(\d{1,5}))?$/.exec(text) ?? [];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return false;
  if (!host) return false;
  if (IPV6.test(host)) return true;
  return host.length <= MAX_HOST && host.split('.').every((label) => LABEL.test(label));
}
