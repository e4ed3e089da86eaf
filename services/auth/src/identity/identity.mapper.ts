import type { authIdentityV1 } from '@berth/proto';
import type { ApiToken } from '../api-tokens/api-token';
import type { AuditEvent } from '../audit/audit-event';
import type { Group } from '../groups/group';
import { implicitGroupsOf, type Principal } from '../users/principal';
import type { User } from '../users/user';

/** proto ⇄ domain for IdentityService. Never maps credentials. */

export function toCaller(principal: Principal): authIdentityV1.Caller {
  return {
    kind: principal.kind,
    subject: principal.subject,
    registryAdmin: principal.kind === 'user' && principal.isAdmin,
    groups: implicitGroupsOf(principal),
  };
}

export function toUser(user: User): authIdentityV1.User {
  return {
    username: user.username,
    registryAdmin: user.isAdmin,
    disabled: user.disabled,
    createdAt: user.createdAt.toISOString(),
    groups: [...user.groups],
  };
}

export function toApiToken(token: ApiToken): authIdentityV1.ApiToken {
  return {
    name: token.name,
    createdAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt ? token.expiresAt.toISOString() : '',
    lastUsedAt: token.lastUsedAt ? token.lastUsedAt.toISOString() : '',
    revoked: token.revokedAt !== null,
  };
}

export function toGroup(group: Group): authIdentityV1.Group {
  return { name: group.name, members: [...group.members], createdAt: group.createdAt.toISOString() };
}

export function toAuditEvent(event: AuditEvent): authIdentityV1.AuditEvent {
  return {
    id: event.id,
    at: event.at.toISOString(),
    actor: event.actor,
    action: event.action,
    project: event.project,
    target: event.target,
    clientIp: event.clientIp,
    outcome: event.outcome,
    details: { ...event.details },
  };
}

/** A proto3 `optional` field: grpc-js may deliver an unset one as undefined or null. */
export function optional<T>(value: T | null | undefined): T | undefined {
  return value === null ? undefined : value;
}
