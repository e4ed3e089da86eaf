import { BerthError, ErrorCode } from '@berth/errors';

/** Group names: like usernames. */
export const GROUP_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** The implicit group of every user and service account. */
export const AUTHENTICATED_GROUP = 'authenticated';
/** Prefix of the implicit groups of a project's service accounts. */
export const SERVICE_ACCOUNTS_GROUP_PREFIX = 'serviceaccounts:';

/** An administrator-managed user group. */
export interface Group {
  name: string;
  /** Usernames, sorted. */
  members: string[];
  createdAt: Date;
}

export function assertValidGroupName(name: string): void {
  if (name === AUTHENTICATED_GROUP || name.startsWith(SERVICE_ACCOUNTS_GROUP_PREFIX))
    throw new BerthError(
      ErrorCode.INVALID_ARGUMENT,
      `the group names "${AUTHENTICATED_GROUP}" and "${SERVICE_ACCOUNTS_GROUP_PREFIX}<project>" are reserved for implicit groups`,
    );
  if (!GROUP_NAME_PATTERN.test(name))
    throw new BerthError(
      ErrorCode.INVALID_ARGUMENT,
      `invalid group name: use 1 to 64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit (${GROUP_NAME_PATTERN.source})`,
    );
}
