import type { AccessEntry } from '@berth/auth-client';
import type { Principal } from '../users/principal';
import type { RequestedAccess } from './scope-parser';

/**
 * The authorization port: given who is asking and what they asked for, what do they get? The
 * token service only ever signs a subset of what was requested. Implemented by
 * policy/project-access-policy.ts (projects, roles, bindings, service accounts, image scope).
 */
export interface AccessPolicy {
  grant(principal: Principal, requested: readonly RequestedAccess[]): Promise<AccessEntry[]>;
}

/** Injection token of the AccessPolicy. */
export const ACCESS_POLICY = Symbol('ACCESS_POLICY');
