import { BerthError, ErrorCode } from '@berth/errors';
import { isIP } from 'node:net';

/**
 * BERTH_TRUST_PROXY → Fastify's `trustProxy`: false when empty, else the list of proxy addresses
 * or CIDR ranges whose `X-Forwarded-*` headers are believed. The client address is then the
 * right-most `X-Forwarded-For` entry that is not a trusted proxy, so a client cannot choose the
 * address that failed-login throttling and the audit log see. Trusting every hop (`true`) would let
 * it, and is refused.
 */
export function trustedProxiesOf(value: string): false | string[] {
  const entries = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (entries.length === 0) return false;
  for (const entry of entries) {
    if (!isAddressOrRange(entry)) {
      throw new BerthError(
        ErrorCode.INVALID_ARGUMENT,
        `BERTH_TRUST_PROXY: ${JSON.stringify(entry.slice(0, 64))} is not an IP address or CIDR range; ` +
          'list the reverse proxies, e.g. "10.0.0.0/8,127.0.0.1" (trusting every hop would let clients choose their address)',
      );
    }
  }
  return entries;
}

function isAddressOrRange(entry: string): boolean {
  const slash = entry.indexOf('/');
  if (slash < 0) return isIP(entry) !== 0;
  const version = isIP(entry.slice(0, slash));
  const bits = entry.slice(slash + 1);
  if (version === 0 || !/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (version === 4 ? 32 : 128);
}
