import type { Principal } from '../users/principal';

/** How a caller proved who it is. */
export type CredentialKind = 'password' | 'api-token' | 'pull-secret';

/** The generic answer to a failed login; more specific only once the secret proved right. */
export const INVALID_CREDENTIALS_MESSAGE = 'invalid username or password';

/**
 * The outcome of checking one credential. A failure carries a reason for the audit log and the
 * operator's log (never the secret) and the message the caller gets.
 */
export type CredentialCheck =
  | { ok: true; principal: Principal; credential: CredentialKind }
  | {
      ok: false;
      credential: CredentialKind;
      /** For the audit log, e.g. "wrong password", "api token expired". */
      reason: string;
      /** For the caller. */
      message: string;
      /** The subject of the account the username names, when it exists (audit actor). */
      subject?: string;
      /** The project of the service account the username names (audit). */
      project?: string;
    };

export type CredentialFailure = Extract<CredentialCheck, { ok: false }>;

export function credentialFailure(
  credential: CredentialKind,
  reason: string,
  subject?: string,
  message = INVALID_CREDENTIALS_MESSAGE,
): CredentialFailure {
  return { ok: false, credential, reason, message, subject };
}
