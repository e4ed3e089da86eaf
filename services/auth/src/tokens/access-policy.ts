import type { AccessEntry } from '@berth/auth-client';
import type { Principal } from '../users/principal';
import type { RequestedAccess } from './scope-parser';

/**
 * The authorization port: given who is asking and what they asked for, what do they
 * get? Issue 3 replaces the implementation with projects, roles and bindings; the
 * token service only ever signs a subset of what was requested.
 */
export interface AccessPolicy {
  grant(principal: Principal, requested: readonly RequestedAccess[]): Promise<AccessEntry[]>;
}

/** Injection token of the AccessPolicy. */
export const ACCESS_POLICY = Symbol('ACCESS_POLICY');

/**
 * Issue 2's policy: an administrator gets every action it asks for; anyone else
 * (anonymous callers included) gets nothing. The token is still issued, with an
 * empty access list, as the Docker token spec does; the registry answers 401/403.
 */
export class AdminOnlyAccessPolicy implements AccessPolicy {
  async grant(principal: Principal, requested: readonly RequestedAccess[]): Promise<AccessEntry[]> {
    if (principal.kind !== 'user' || !principal.isAdmin) return [];
    return requested.map((r) => ({ type: r.type, name: r.name, actions: [...r.actions] }));
  }
}
