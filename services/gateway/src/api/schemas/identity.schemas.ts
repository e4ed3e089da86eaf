import type { JsonSchema } from '../json-schema';
import { bool, int32, list, message, nullableRef, ref, response, str, stringMap } from './schema-builders';

const RFC3339 = 'RFC 3339';

/** Messages of berth.auth.v1.IdentityService as JSON (ts-proto camelCase names). */
export const IDENTITY_SCHEMAS: Record<string, JsonSchema> = {
  Caller: response('Who a request is from.', {
    kind: str('"anonymous", "user" or "serviceaccount"'),
    subject: str('The token subject: a username, or "system:serviceaccount:<project>:<name>"'),
    registryAdmin: bool(),
    groups: list(str(), 'User groups, "authenticated", "serviceaccounts:<project>"'),
  }),
  WhoAmIResponse: response('The authenticated caller.', { caller: nullableRef('Caller') }),
  RotateSigningKeyResponse: response('The key that signs from now on, and the keys it retired.', {
    keyId: str(),
    retiredKeyIds: list(str()),
    retiredKeysExpireAt: str(`${RFC3339}: when the retired keys stop verifying`),
  }),
  User: response('A user.', {
    username: str(),
    registryAdmin: bool(),
    disabled: bool(),
    createdAt: str(RFC3339),
    groups: list(str()),
  }),
  CreateUserBody: message(
    'A new user (registry administrators only).',
    {
      username: str('Lowercase: ^[a-z0-9][a-z0-9._-]{0,63}$'),
      password: str('Generated (and returned once) when absent'),
      registryAdmin: bool(),
    },
    ['username'],
  ),
  CreateUserResponse: response(
    'The created user.',
    {
      user: nullableRef('User'),
      generatedPassword: str('Set only when the password was generated'),
    },
    ['generatedPassword'],
  ),
  GetUserResponse: response('One user.', { user: nullableRef('User') }),
  ListUsersResponse: response('Users in lexical order.', { users: list(ref('User')), more: bool() }),
  UpdateUserBody: message('Enable or disable a user, grant or revoke registry administration.', {
    disabled: bool(),
    registryAdmin: bool(),
  }),
  UpdateUserResponse: response('The updated user.', { user: nullableRef('User') }),
  ChangePasswordBody: message(
    "A user changes its own password (currentPassword required); an administrator resets anyone's.",
    {
      currentPassword: str('Required when users change their own password'),
      newPassword: str('Generated (and returned once) when an administrator resets without one'),
    },
  ),
  ChangePasswordResponse: response(
    'The generated password, if one was generated.',
    { generatedPassword: str() },
    ['generatedPassword'],
  ),
  ApiToken: response('A personal API token (never its secret).', {
    name: str(),
    createdAt: str(RFC3339),
    expiresAt: str(`${RFC3339}; empty for tokens that never expire`),
    lastUsedAt: str(`${RFC3339}; empty when never used`),
    revoked: bool(),
  }),
  CreateApiTokenBody: message(
    'A new personal API token.',
    { name: str(), expiresInDays: int32('Lifetime; absent = 90 days, 0 = never expires') },
    ['name'],
  ),
  CreateApiTokenResponse: response('The created token and its secret.', {
    token: nullableRef('ApiToken'),
    secret: str('Shown once: use it as the password in `docker login`'),
  }),
  ListApiTokensResponse: response("A user's tokens.", { tokens: list(ref('ApiToken')) }),
  Group: response('A user group.', { name: str(), members: list(str()), createdAt: str(RFC3339) }),
  CreateGroupBody: message('A new user group (administrators only).', { name: str() }, ['name']),
  CreateGroupResponse: response('The created group.', { group: nullableRef('Group') }),
  ListGroupsResponse: response('User groups.', { groups: list(ref('Group')) }),
  GetGroupResponse: response('One group and its members.', { group: nullableRef('Group') }),
  AddGroupMemberResponse: response('The group after the change.', { group: nullableRef('Group') }),
  RemoveGroupMemberResponse: response('The group after the change.', { group: nullableRef('Group') }),
  AuditEvent: response('A security-relevant action.', {
    id: str(),
    at: str(`${RFC3339} with milliseconds`),
    actor: str('Subject who acted ("anonymous" for failed logins without a known user)'),
    action: str('e.g. "login", "login.failed", "member.added", "manifest.deleted"'),
    project: str('Empty for registry-wide events'),
    target: str('What was acted on, e.g. a username, "group:devs", "ns/app@sha256:…"'),
    clientIp: str(),
    outcome: str('"success" or "failure"'),
    details: stringMap('Extra facts, never secrets'),
  }),
  ListAuditEventsResponse: response('Audit events, newest first.', {
    events: list(ref('AuditEvent')),
    more: bool(),
  }),
};
