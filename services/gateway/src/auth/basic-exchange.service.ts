import { Inject, Injectable } from '@nestjs/common';
import { AUTH_CLIENT, type AuthClient } from '@berth/auth-client';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import type { Principal } from './principal';

interface CachedGrant {
  principal: Principal;
  validUntilMs: number;
}

/** How long an exchanged grant is reused (bounded by the token's own lifetime). */
const GRANT_TTL_MS = 30_000;
const MAX_GRANTS = 10_000;

export interface BasicCredentials {
  username: string;
  password: string;
}

/** `Basic dXNlcjpwYXNz` → {username, password}; null when malformed. */
export function parseBasicAuthorization(header: string): BasicCredentials | null {
  const m = /^Basic\s+([A-Za-z0-9+/=._~-]+)\s*$/i.exec(header);
  if (!m) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Lets clients send `Authorization: Basic` straight to /v2/ (some CI tools do): the credentials
 * are exchanged through auth.IssueToken for exactly the scopes the request needs, and the grant is
 * remembered for a short while per (credentials, scopes). Failed exchanges are not remembered.
 */
@Injectable()
export class BasicExchangeService {
  private readonly grants = new Map<string, CachedGrant>();

  constructor(
    @Inject(AUTH_CLIENT) private readonly auth: AuthClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Throws what auth throws: UNAUTHORIZED for bad credentials, UNAVAILABLE when auth is down. */
  async exchange(
    header: string,
    credentials: BasicCredentials,
    scopes: string[],
    clientIp: string,
  ): Promise<Principal> {
    const key = `${header}\n${scopes.join(' ')}`;
    const now = Date.now();
    const cached = this.grants.get(key);
    if (cached && now < cached.validUntilMs) return cached.principal;
    if (cached) this.grants.delete(key);

    const issued = await this.auth.issueToken({
      username: credentials.username,
      secret: credentials.password,
      service: this.config.BERTH_TOKEN_SERVICE,
      scopes,
      clientIp,
    });
    const principal: Principal = {
      subject: issued.subject,
      access: issued.access.map((a) => ({ type: a.type, name: a.name, actions: [...a.actions] })),
      via: 'basic',
    };
    const lifetimeMs = Math.max(0, (issued.expiresInSeconds - 5) * 1000);
    this.remember(key, { principal, validUntilMs: now + Math.min(GRANT_TTL_MS, lifetimeMs) });
    return principal;
  }

  private remember(key: string, grant: CachedGrant): void {
    while (this.grants.size >= MAX_GRANTS) {
      const oldest = this.grants.keys().next();
      if (oldest.done) break;
      this.grants.delete(oldest.value);
    }
    this.grants.set(key, grant);
  }
}
