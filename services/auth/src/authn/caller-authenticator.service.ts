import { Inject, Injectable } from '@nestjs/common';
import type { Metadata } from '@grpc/grpc-js';
import { ANONYMOUS_SUBJECT, TokenVerifier } from '@berth/auth-client';
import { BerthError, ErrorCode } from '@berth/errors';
import { toSigningKeysResponse } from '../keys/key-publication.mapper';
import { SigningKeysService } from '../keys/signing-keys.service';
import type { AuthenticatedCall, CallerAuthenticator } from '../ports/caller-authenticator.port';
import {
  SERVICE_ACCOUNT_CREDENTIALS,
  type ServiceAccountCredentials,
} from '../ports/service-account-credentials.port';
import { ANONYMOUS_PRINCIPAL, type Principal } from '../users/principal';
import { userPrincipal } from '../users/principal-of';
import { UsersService } from '../users/users.service';
import { CredentialAuthenticator } from './credential-authenticator';

export const AUTHORIZATION_METADATA = 'authorization';
export const CLIENT_IP_METADATA = 'berth-client-ip';
const SERVICE_ACCOUNT_SUBJECT_PREFIX = 'system:serviceaccount:';

/** `Basic base64(user:secret)` → its parts; null when malformed. */
export function parseBasic(credentials: string): { username: string; secret: string } | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(credentials)) return null;
  const decoded = Buffer.from(credentials, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { username: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/**
 * Authenticates the caller of a management RPC from gRPC metadata (CALLER_AUTHENTICATOR):
 * `Bearer <access token>` is verified locally with this service's own signing keys and the
 * principal rebuilt from its subject (a disabled or deleted user, or a deleted service account,
 * is refused); `Basic` credentials go through the one authentication path; no header is anonymous.
 * The call says which (`via`): operations that mint or reveal credentials refuse Bearer callers.
 */
@Injectable()
export class CallerAuthenticatorService implements CallerAuthenticator {
  private readonly verifier: TokenVerifier;

  constructor(
    private readonly credentials: CredentialAuthenticator,
    private readonly users: UsersService,
    @Inject(SERVICE_ACCOUNT_CREDENTIALS) private readonly serviceAccounts: ServiceAccountCredentials,
    keys: SigningKeysService,
  ) {
    this.verifier = new TokenVerifier(async () => toSigningKeysResponse(await keys.publication()));
  }

  async authenticate(metadata: Metadata): Promise<AuthenticatedCall> {
    const clientIp = firstString(metadata, CLIENT_IP_METADATA).slice(0, 64);
    const header = firstString(metadata, AUTHORIZATION_METADATA).trim();
    if (header === '') return { principal: ANONYMOUS_PRINCIPAL, clientIp, via: 'anonymous' };
    const space = header.search(/\s/);
    const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
    const value = space < 0 ? '' : header.slice(space).trim();
    if (scheme === 'bearer') return { principal: await this.fromAccessToken(value), clientIp, via: 'bearer' };
    if (scheme === 'basic') {
      const basic = parseBasic(value);
      if (!basic) throw new BerthError(ErrorCode.UNAUTHORIZED, 'malformed Basic credentials');
      const { principal, credential, expiresAt } = await this.credentials.authenticate(
        basic.username,
        basic.secret,
        clientIp,
      );
      const call: AuthenticatedCall = { principal, clientIp, via: credential };
      if (credential === 'api-token') call.credentialExpiresAt = expiresAt ?? null;
      return call;
    }
    throw new BerthError(ErrorCode.UNAUTHORIZED, 'unsupported authorization scheme: use Basic or Bearer');
  }

  private async fromAccessToken(token: string): Promise<Principal> {
    const { subject } = await this.verifier.verify(token);
    if (subject === ANONYMOUS_SUBJECT) return ANONYMOUS_PRINCIPAL;
    if (subject.startsWith(SERVICE_ACCOUNT_SUBJECT_PREFIX)) {
      const principal = await this.serviceAccounts.byServiceAccountSubject(subject);
      if (!principal) throw new BerthError(ErrorCode.UNAUTHORIZED, 'the service account no longer exists');
      return principal;
    }
    const user = await this.users.find(subject);
    if (!user) throw new BerthError(ErrorCode.UNAUTHORIZED, 'the user no longer exists');
    if (user.disabled) throw new BerthError(ErrorCode.UNAUTHORIZED, 'user is disabled');
    return userPrincipal(user);
  }
}

function firstString(metadata: Metadata, key: string): string {
  const value = metadata.get(key)[0];
  return typeof value === 'string' ? value : '';
}
