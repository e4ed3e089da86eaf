import type { Metadata } from '@grpc/grpc-js';
import type { Principal } from '../users/principal';

/**
 * How the caller of a management RPC proved who it is: no credentials, its password, a personal
 * API token, a service account's pull secret (all three as Basic), or a Bearer access token (a
 * short-lived, possibly narrowly scoped token, which some operations refuse).
 */
export type CallerCredential = 'anonymous' | 'password' | 'api-token' | 'pull-secret' | 'bearer';

export interface AuthenticatedCall {
  principal: Principal;
  /** From the `berth-client-ip` metadata, '' when absent. */
  clientIp: string;
  via: CallerCredential;
  /** With `via: 'api-token'`: when that token expires (null: never). */
  credentialExpiresAt?: Date | null;
}

/**
 * Authenticates the caller of a management RPC from its gRPC metadata `authorization`
 * (`Bearer <access token>` or `Basic <user:password-or-token>`), anonymous when absent.
 * Throws UNAUTHORIZED for wrong, expired, revoked or disabled credentials, TOOMANYREQUESTS
 * while logins of that user (from that address) are throttled.
 */
export interface CallerAuthenticator {
  authenticate(metadata: Metadata): Promise<AuthenticatedCall>;
}

/** Injection token of the CallerAuthenticator. */
export const CALLER_AUTHENTICATOR = Symbol('CALLER_AUTHENTICATOR');
