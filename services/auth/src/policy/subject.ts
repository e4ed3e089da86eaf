import { BerthError, ErrorCode } from '@berth/errors';
import { isProjectName } from '../projects/project-name';
import { isServiceAccountName } from '../service-accounts/service-account-name';
import { isValidUsername } from '../users/user';

export type SubjectKind = 'user' | 'group' | 'serviceaccount';

/**
 * Who a membership or binding names: a user (username), a group (a user group, `authenticated`,
 * or `serviceaccounts:<project>`), or a service account (`<project>:<name>`).
 */
export interface Subject {
  kind: SubjectKind;
  name: string;
}

/** Every user and service account. */
export const AUTHENTICATED_GROUP = 'authenticated';
const SERVICE_ACCOUNTS_GROUP_PREFIX = 'serviceaccounts:';
const SERVICE_ACCOUNT_SUBJECT_PREFIX = 'system:serviceaccount:';
/** Names of administrator-managed user groups. */
const GROUP_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** The implicit group of all service accounts of `project`. */
export function serviceAccountsGroup(project: string): string {
  return `${SERVICE_ACCOUNTS_GROUP_PREFIX}${project}`;
}

/** The implicit group a group name denotes, if it is one: `authenticated` or `serviceaccounts:<project>`. */
export function implicitGroup(
  name: string,
): { kind: 'authenticated' } | { kind: 'serviceaccounts'; project: string } | null {
  if (name === AUTHENTICATED_GROUP) return { kind: 'authenticated' };
  if (name.startsWith(SERVICE_ACCOUNTS_GROUP_PREFIX)) {
    const project = name.slice(SERVICE_ACCOUNTS_GROUP_PREFIX.length);
    return isProjectName(project) ? { kind: 'serviceaccounts', project } : null;
  }
  return null;
}

/** `<project>:<name>` → its parts, or null when malformed. */
export function splitServiceAccountName(name: string): { project: string; name: string } | null {
  const colon = name.indexOf(':');
  if (colon < 0) return null;
  const project = name.slice(0, colon);
  const sa = name.slice(colon + 1);
  return isProjectName(project) && isServiceAccountName(sa) ? { project, name: sa } : null;
}

/**
 * Validates and canonicalises a subject given on input: kinds and names are lowercased; a
 * service account may also be written `system:serviceaccount:<project>:<name>`. INVALID_ARGUMENT
 * for an unknown or disallowed kind or a malformed name.
 */
export function parseSubject(
  input: { kind?: string; name?: string } | null | undefined,
  allowed: readonly SubjectKind[],
): Subject {
  const kind = (input?.kind ?? '').trim().toLowerCase();
  let name = (input?.name ?? '').trim().toLowerCase();
  if (!(allowed as readonly string[]).includes(kind)) {
    throw new BerthError(
      ErrorCode.INVALID_ARGUMENT,
      `subject kind must be ${allowed.join(' or ')}, got ${JSON.stringify(kind.slice(0, 32))}`,
    );
  }
  const shown = JSON.stringify(name.slice(0, 140));
  switch (kind as SubjectKind) {
    case 'user':
      if (!isValidUsername(name)) throw invalid(`${shown} is not a valid username`);
      return { kind: 'user', name };
    case 'group':
      if (!GROUP_NAME.test(name) && !implicitGroup(name)) throw invalid(`${shown} is not a valid group name`);
      return { kind: 'group', name };
    case 'serviceaccount':
      if (name.startsWith(SERVICE_ACCOUNT_SUBJECT_PREFIX))
        name = name.slice(SERVICE_ACCOUNT_SUBJECT_PREFIX.length);
      if (!splitServiceAccountName(name)) {
        throw invalid(`${shown} is not a service account: write it as <project>:<name>`);
      }
      return { kind: 'serviceaccount', name };
  }
}

/** How a subject is shown in audit targets and messages: `user:alice`, `group:devs`, `serviceaccount:p:builder`. */
export function subjectLabel(subject: Subject): string {
  return `${subject.kind}:${subject.name}`;
}

function invalid(message: string): BerthError {
  return new BerthError(ErrorCode.INVALID_ARGUMENT, message);
}
