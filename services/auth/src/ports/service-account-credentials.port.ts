import type { Principal } from '../users/principal';

/**
 * Checks service-account login credentials (username `<project>+<name>`, password = the current
 * pull-secret token). Implemented by the projects feature, used by the caller authenticator and
 * the token exchange. Returns null when the username is not a service account's; throws
 * UNAUTHORIZED when it is one but the secret is wrong or revoked.
 */
export interface ServiceAccountCredentials {
  authenticate(username: string, secret: string): Promise<Principal | null>;
  /**
   * The principal of the service account whose token subject is `subject`
   * (`system:serviceaccount:<project>:<name>`), or null when it no longer exists. Used to
   * rebuild the caller of a management RPC from a Bearer access token.
   */
  byServiceAccountSubject(subject: string): Promise<Principal | null>;
}

/** Injection token of ServiceAccountCredentials. */
export const SERVICE_ACCOUNT_CREDENTIALS = Symbol('SERVICE_ACCOUNT_CREDENTIALS');
