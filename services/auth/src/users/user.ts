import { randomBytes } from 'node:crypto';
import { ANONYMOUS_SUBJECT } from '@berth/auth-client';
import { BerthError, ErrorCode } from '@berth/errors';

/** Username grammar: lowercase, starts with a letter or digit, at most 64 characters. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** The user created at first start from BERTH_ADMIN_PASSWORD. */
export const BOOTSTRAP_ADMIN_USERNAME = 'admin';

/** Names that can never be users: "anonymous" is the subject of credential-less tokens. */
export const RESERVED_USERNAMES: ReadonlySet<string> = new Set([ANONYMOUS_SUBJECT]);

/** Shortest password accepted when one is set. */
export const MIN_PASSWORD_LENGTH = 8;
/** Longest password accepted (bounds the KDF's input). */
export const MAX_PASSWORD_LENGTH = 1024;
/** Personal API tokens start with this; a password never does, so a secret is one or the other. */
export const API_TOKEN_PREFIX = 'bpat_';

export function isValidUsername(username: string): boolean {
  return USERNAME_PATTERN.test(username) && !RESERVED_USERNAMES.has(username);
}

/** Throws INVALID_ARGUMENT (naming the rule, never echoing the name back when it is huge) unless valid. */
export function assertValidUsername(username: string): void {
  if (RESERVED_USERNAMES.has(username))
    throw new BerthError(ErrorCode.INVALID_ARGUMENT, `the username ${JSON.stringify(username)} is reserved`);
  if (!USERNAME_PATTERN.test(username))
    throw new BerthError(
      ErrorCode.INVALID_ARGUMENT,
      `invalid username: use 1 to 64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit (${USERNAME_PATTERN.source})`,
    );
}

/** Throws INVALID_ARGUMENT unless `password` may be set. The message never contains the password. */
export function assertAcceptablePassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new BerthError(
      ErrorCode.INVALID_ARGUMENT,
      `password too short: at least ${MIN_PASSWORD_LENGTH} characters are required`,
    );
  if (password.length > MAX_PASSWORD_LENGTH)
    throw new BerthError(
      ErrorCode.INVALID_ARGUMENT,
      `password too long: at most ${MAX_PASSWORD_LENGTH} characters are allowed`,
    );
  if (password.startsWith(API_TOKEN_PREFIX))
    throw new BerthError(
      ErrorCode.INVALID_ARGUMENT,
      `a password must not start with "${API_TOKEN_PREFIX}" (reserved for API tokens)`,
    );
}

/** A random password for generated and reset accounts: 24 characters, 144 bits. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/** A user as the domain sees it (no credentials). */
export interface User {
  id: string;
  username: string;
  isAdmin: boolean;
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
  /** Names of the administrator-managed groups the user is in, sorted. */
  groups: string[];
}

/** A user with its stored password hash, for authentication only. */
export interface UserWithCredentials extends User {
  passwordHash: string;
}
