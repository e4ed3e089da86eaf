import { BerthError, ErrorCode } from '@berth/errors';

/** Lifetime of a token created without one. */
export const DEFAULT_API_TOKEN_DAYS = 90;
/** Longest lifetime that can be asked for (0 = never expires is allowed too). */
export const MAX_API_TOKEN_DAYS = 3650;
/** Tokens one user may hold at once (revoked and expired ones included until replaced). */
export const MAX_API_TOKENS_PER_USER = 100;
/** last_used_at is written at most this often per token. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** Token names: `berth-cli@host.example`, `ci`, `laptop_2`… */
export const API_TOKEN_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/;

/** A personal API token as the domain sees it (never its secret). */
export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  createdAt: Date;
  /** null: never expires. */
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export function assertValidTokenName(name: string): void {
  if (!API_TOKEN_NAME_PATTERN.test(name))
    throw new BerthError(
      ErrorCode.INVALID_ARGUMENT,
      `invalid token name: use 1 to 100 letters, digits, '.', '_', '@' or '-', starting with a letter or digit`,
    );
}

/** The expiry of a token created at `now` for `days` (undefined = default, 0 = never). */
export function expiryOf(days: number | undefined, now: Date): Date | null {
  const d = days ?? DEFAULT_API_TOKEN_DAYS;
  if (!Number.isInteger(d) || d < 0 || d > MAX_API_TOKEN_DAYS)
    throw new BerthError(
      ErrorCode.INVALID_ARGUMENT,
      `expiresInDays must be an integer from 0 (never expires) to ${MAX_API_TOKEN_DAYS}`,
    );
  return d === 0 ? null : new Date(now.getTime() + d * 86_400_000);
}

export function isExpired(token: Pick<ApiToken, 'expiresAt'>, now: Date): boolean {
  return token.expiresAt !== null && token.expiresAt <= now;
}
