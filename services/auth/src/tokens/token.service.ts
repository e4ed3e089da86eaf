import { Inject, Injectable } from '@nestjs/common';
import { signJwt, TOKEN_ALGORITHM, type AccessEntry, type AccessTokenClaims } from '@berth/auth-client';
import { BerthError, ErrorCode } from '@berth/errors';
import { randomBytes } from 'node:crypto';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth.config';
import { SigningKeysService } from '../keys/signing-keys.service';
import { CredentialAuthenticator } from '../authn/credential-authenticator';
import type { CredentialKind } from '../authn/credential-check';
import { AUDIT_LOG, type AuditLog } from '../ports/audit-log.port';
import { ANONYMOUS_PRINCIPAL, type Principal } from '../users/principal';
import { ACCESS_POLICY, type AccessPolicy } from './access-policy';
import { parseScopes, type RequestedAccess } from './scope-parser';

export interface TokenRequest {
  /** Absent or empty (with no secret) for anonymous requests. */
  username?: string;
  secret?: string;
  /** Must equal BERTH_TOKEN_SERVICE. */
  service: string;
  /** Raw scope strings as the client sent them. */
  scopes: readonly string[];
  clientIp: string;
}

export interface IssuedToken {
  token: string;
  expiresInSeconds: number;
  issuedAt: Date;
  subject: string;
  access: AccessEntry[];
}

/** The Docker token exchange: authenticate, decide what is granted, sign. */
@Injectable()
export class TokenService {
  constructor(
    private readonly credentials: CredentialAuthenticator,
    private readonly keys: SigningKeysService,
    @Inject(ACCESS_POLICY) private readonly policy: AccessPolicy,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  async issue(request: TokenRequest): Promise<IssuedToken> {
    if (request.service !== this.config.BERTH_TOKEN_SERVICE) {
      throw new BerthError(
        ErrorCode.INVALID_ARGUMENT,
        `unknown service ${JSON.stringify(request.service.slice(0, 128))}`,
      );
    }
    const { principal, credential } = await this.authenticate(request);
    const requested = parseScopes(request.scopes);
    const access = withinRequested(await this.policy.grant(principal, requested), requested);

    const key = await this.keys.activeKey();
    const iat = Math.floor(Date.now() / 1000);
    const ttl = this.config.BERTH_TOKEN_TTL_SECONDS;
    const claims: AccessTokenClaims = {
      iss: this.config.BERTH_TOKEN_ISSUER,
      sub: principal.subject,
      aud: this.config.BERTH_TOKEN_SERVICE,
      exp: iat + ttl,
      nbf: iat,
      iat,
      jti: randomBytes(16).toString('base64url'),
      access,
    };
    const token = signJwt({ alg: TOKEN_ALGORITHM, typ: 'JWT', kid: key.kid }, claims, key.privateKey);
    if (credential) await this.recordIssued(principal, credential, requested, access, request.clientIp);
    return {
      token,
      expiresInSeconds: ttl,
      issuedAt: new Date(iat * 1000),
      subject: principal.subject,
      access,
    };
  }

  private async authenticate(
    request: TokenRequest,
  ): Promise<{ principal: Principal; credential: CredentialKind | null }> {
    const username = request.username ?? '';
    const secret = request.secret ?? '';
    if (username === '' && secret === '') return { principal: ANONYMOUS_PRINCIPAL, credential: null };
    return this.credentials.authenticate(username, secret, request.clientIp);
  }

  /**
   * One `token.issued` event per token issued to a user or service account, with what was asked
   * and what was granted. Anonymous tokens (public pulls) are not recorded.
   */
  private recordIssued(
    principal: Principal,
    credential: CredentialKind,
    requested: readonly RequestedAccess[],
    granted: readonly AccessEntry[],
    clientIp: string,
  ): Promise<void> {
    const projects = new Set(
      granted.filter((g) => g.type === 'repository' && g.name.includes('/')).map((g) => g.name.split('/')[0]),
    );
    return this.audit.record({
      actor: principal.subject,
      action: 'token.issued',
      project: projects.size === 1 ? [...projects][0] : '',
      target: this.config.BERTH_TOKEN_SERVICE,
      clientIp,
      outcome: 'success',
      details: {
        credential,
        requested: summarize(requested),
        granted: summarize(granted),
      },
    });
  }
}

/** `repository:ns/app:pull,push registry:catalog:*`; `-` for none. */
function summarize(
  entries: ReadonlyArray<{ type: string; name: string; actions: readonly string[] }>,
): string {
  if (entries.length === 0) return '-';
  return entries.map((e) => `${e.type}:${e.name}:${e.actions.join(',')}`).join(' ');
}

/** Drops anything a policy granted beyond what was asked: a token never carries more. */
function withinRequested(
  granted: readonly AccessEntry[],
  requested: readonly RequestedAccess[],
): AccessEntry[] {
  const asked = new Map(requested.map((r) => [`${r.type}:${r.name}`, new Set(r.actions)]));
  const out: AccessEntry[] = [];
  for (const g of granted) {
    const allowed = asked.get(`${g.type}:${g.name}`);
    const actions = allowed ? g.actions.filter((a) => allowed.has(a)) : [];
    if (actions.length) out.push({ type: g.type, name: g.name, actions });
  }
  return out;
}
