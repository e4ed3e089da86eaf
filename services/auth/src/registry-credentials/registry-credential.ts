import { BerthError, ErrorCode } from '@berth/errors';

/** A stored registry credential as the domain shows it: never with its password. */
export interface RegistryCredentialRecord {
  id: string;
  project: string;
  name: string;
  server: string;
  username: string;
  email: string;
  createdAt: Date;
}

/** Credential names are Kubernetes Secret names: DNS subdomains of at most 253 characters. */
const NAME = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
/** True when `text` holds a control character (newlines, NUL, DEL…). */
const hasControl = (text: string): boolean =>
  [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
const MAX_USERNAME = 256;
const MAX_PASSWORD = 8192;

export function validateCredentialName(name: string): void {
  if (name.length <= 253 && NAME.test(name)) return;
  throw new BerthError(
    ErrorCode.INVALID_ARGUMENT,
    `credential name ${JSON.stringify(name.slice(0, 80))} is invalid: use lowercase letters, digits, "-" and "." ` +
      `(a Kubernetes Secret name), at most 253 characters`,
  );
}

/** Checks username, password and email. The password is never repeated in an error. */
export function validateCredentialFields(fields: {
  username: string;
  password: string;
  email: string;
}): void {
  const { username, password, email } = fields;
  if (username === '' || username.length > MAX_USERNAME || hasControl(username)) {
    throw new BerthError(
      ErrorCode.INVALID_ARGUMENT,
      `username must be 1 to ${MAX_USERNAME} printable characters`,
    );
  }
  if (password === '' || password.length > MAX_PASSWORD || hasControl(password)) {
    throw new BerthError(
      ErrorCode.INVALID_ARGUMENT,
      `password must be 1 to ${MAX_PASSWORD} printable characters`,
    );
  }
  if (email !== '' && (email.length > 254 || !EMAIL.test(email))) {
    throw new BerthError(
      ErrorCode.INVALID_ARGUMENT,
      `email ${JSON.stringify(email.slice(0, 80))} is not an address`,
    );
  }
}

/** What a registry password is sealed to: the credential row. */
export function credentialContext(credentialId: string): string {
  return `registry-credential:${credentialId}`;
}
