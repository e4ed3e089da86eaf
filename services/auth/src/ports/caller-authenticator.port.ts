import type { Metadata } from '@grpc/grpc-js';
import type { Principal } from '../users/principal';

export interface AuthenticatedCall {
  principal: Principal;
  /** From the `berth-client-ip` metadata, '' when absent. */
  clientIp: string;
}

/**
 * Authenticates the caller of a management RPC from its gRPC metadata `authorization`
 * (`Bearer <access token>` or `Basic <user:password-or-token>`), anonymous when absent.
 * Throws UNAUTHORIZED for wrong, expired, revoked or disabled credentials, TOOMANYREQUESTS
 * while logins of that user from that address are throttled.
 */
export interface CallerAuthenticator {
  authenticate(metadata: Metadata): Promise<AuthenticatedCall>;
}

/** Injection token of the CallerAuthenticator. */
export const CALLER_AUTHENTICATOR = Symbol('CALLER_AUTHENTICATOR');
