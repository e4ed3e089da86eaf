import { BerthError, ErrorCode } from '@berth/errors';
import type { AuthenticatedCall } from '../ports/caller-authenticator.port';
import type { Principal } from '../users/principal';

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;
export type AuthenticatedPrincipal = Exclude<Principal, { kind: 'anonymous' }>;

/**
 * Permission decisions shared by the identity features. Missing credentials are UNAUTHORIZED
 * (the client should log in); valid credentials that are not enough are DENIED.
 */
export function isRegistryAdmin(principal: Principal): boolean {
  return principal.kind === 'user' && principal.isAdmin;
}

export function requireAuthenticated(principal: Principal): AuthenticatedPrincipal {
  if (principal.kind === 'anonymous') throw new BerthError(ErrorCode.UNAUTHORIZED, 'authentication required');
  return principal;
}

/** A user (not a service account). */
export function requireUser(principal: Principal): UserPrincipal {
  const p = requireAuthenticated(principal);
  if (p.kind !== 'user')
    throw new BerthError(ErrorCode.DENIED, 'service accounts cannot manage user accounts');
  return p;
}

export function requireAdmin(principal: Principal): UserPrincipal {
  const p = requireAuthenticated(principal);
  if (p.kind !== 'user' || !p.isAdmin)
    throw new BerthError(ErrorCode.DENIED, 'only registry administrators may do this');
  return p;
}

/**
 * The user itself or a registry administrator. Anyone else is DENIED whether or not `username`
 * exists, so non-administrators cannot learn which users exist.
 */
export function requireSelfOrAdmin(principal: Principal, username: string): UserPrincipal {
  const p = requireUser(principal);
  if (!p.isAdmin && p.username !== username)
    throw new BerthError(ErrorCode.DENIED, 'only the user itself or a registry administrator may do this');
  return p;
}

export const ACCESS_TOKEN_NOT_ENOUGH = 'this operation needs a password or API token, not an access token';

/**
 * Refuses (DENIED) a caller authenticated by a Bearer access token: creating credentials or
 * accounts, changing passwords and reading or rotating secrets need the password or an API token.
 * An access token lives minutes, may have been issued from an API token revoked since, and may
 * grant only one pull: it must not be turned into a lasting credential. Anonymous callers pass
 * (the permission checks that follow answer them UNAUTHORIZED).
 */
export function requireCredential(call: Pick<AuthenticatedCall, 'via'>): void {
  if (call.via === 'bearer') throw new BerthError(ErrorCode.DENIED, ACCESS_TOKEN_NOT_ENOUGH);
}
