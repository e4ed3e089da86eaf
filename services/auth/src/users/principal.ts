import { ANONYMOUS_SUBJECT } from '@berth/auth-client';

/** Who a request or token is from; the access policy decides per kind. */
export type Principal =
  | { kind: 'anonymous'; subject: typeof ANONYMOUS_SUBJECT }
  | {
      kind: 'user';
      /** The username. */
      subject: string;
      userId: string;
      username: string;
      /** Registry administrator. */
      isAdmin: boolean;
      /** Administrator-managed user groups the user belongs to (not the implicit ones). */
      groups: readonly string[];
    }
  | {
      kind: 'serviceaccount';
      /** `system:serviceaccount:<project>:<name>`. */
      subject: string;
      serviceAccountId: string;
      project: string;
      name: string;
    };

export const ANONYMOUS_PRINCIPAL: Principal = { kind: 'anonymous', subject: ANONYMOUS_SUBJECT };

/** The token subject of a service account. */
export function serviceAccountSubject(project: string, name: string): string {
  return `system:serviceaccount:${project}:${name}`;
}

/** The username a service account logs in with (`docker login -u`): `<project>+<name>`. */
export function serviceAccountUsername(project: string, name: string): string {
  return `${project}+${name}`;
}

/**
 * Groups every principal implicitly belongs to, besides its user groups: `authenticated` for
 * any user or service account, `serviceaccounts:<project>` for a project's service accounts.
 */
export function implicitGroupsOf(principal: Principal): string[] {
  if (principal.kind === 'anonymous') return [];
  if (principal.kind === 'user') return ['authenticated', ...principal.groups];
  return ['authenticated', `serviceaccounts:${principal.project}`];
}
