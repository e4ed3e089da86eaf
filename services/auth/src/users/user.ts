import { ANONYMOUS_SUBJECT } from '@berth/auth-client';

/** Username grammar: lowercase, starts with a letter or digit, at most 64 characters. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** The user created at first start from BERTH_ADMIN_PASSWORD. */
export const BOOTSTRAP_ADMIN_USERNAME = 'admin';

/** Names that can never be users: "anonymous" is the subject of credential-less tokens. */
export const RESERVED_USERNAMES: ReadonlySet<string> = new Set([ANONYMOUS_SUBJECT]);

export function isValidUsername(username: string): boolean {
  return USERNAME_PATTERN.test(username) && !RESERVED_USERNAMES.has(username);
}

/** A user as the domain sees it (no credentials). */
export interface User {
  id: string;
  username: string;
  isAdmin: boolean;
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** A user with its stored password hash, for authentication only. */
export interface UserWithCredentials extends User {
  passwordHash: string;
}
