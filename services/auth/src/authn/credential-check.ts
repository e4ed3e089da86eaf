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
  | {
      ok: true;
      principal: Principal;
      credential: CredentialKind;
      /** When the credential itself expires (API tokens; null: never). */
      expiresAt?: Date | null;
    }
  | {
      ok: false;
      credential: CredentialKind;
      /** For the audit log, e.g. "wrong password", "api token expired". */
      reason: string;
      /** For the caller. */
      message: string;
      /** The subject the failure is attributed to, when known (audit actor). */
      subject?: string;
      /**
       * The existing account the typed username names (its canonical name), null when the check
       * found that none does, absent when the check did not look. Only an existing account's
       * name is logged or audited: a typed "username" may be a password typed in the wrong field.
       */
      account?: string | null;
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

/** A failure for the account `account` (its canonical name, or null: no such account). */
export function accountFailure(
  credential: CredentialKind,
  reason: string,
  account: string | null,
  message = INVALID_CREDENTIALS_MESSAGE,
): CredentialFailure {
  return { ...credentialFailure(credential, reason, account ?? undefined, message), account };
}
