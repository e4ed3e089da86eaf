import { BerthError, ErrorCode } from '@berth/errors';

/** Project roles, strongest first. */
export const PROJECT_ROLES_ORDER = ['admin', 'maintainer', 'developer', 'guest'] as const;
export type ProjectRole = (typeof PROJECT_ROLES_ORDER)[number];

/** Fine-grained roles that can be bound to users, groups and service accounts of any project. */
export const BINDING_ROLES = ['image-puller', 'image-pusher', 'image-builder'] as const;
export type BindingRole = (typeof BINDING_ROLES)[number];

/** The names IBM Cloud Private users know, accepted on input and stored canonical. */
const ROLE_ALIASES: Readonly<Record<string, ProjectRole>> = {
  administrator: 'admin',
  operator: 'developer',
  editor: 'guest',
  viewer: 'guest',
};

export function isProjectRole(value: string): value is ProjectRole {
  return (PROJECT_ROLES_ORDER as readonly string[]).includes(value);
}

export function isBindingRole(value: string): value is BindingRole {
  return (BINDING_ROLES as readonly string[]).includes(value);
}

/** The canonical project role of `input` (a role or an alias, any case); INVALID_ARGUMENT otherwise. */
export function parseProjectRole(input: string): ProjectRole {
  const name = input.trim().toLowerCase();
  if (isProjectRole(name)) return name;
  const alias = ROLE_ALIASES[name];
  if (alias) return alias;
  throw new BerthError(
    ErrorCode.INVALID_ARGUMENT,
    `unknown project role ${JSON.stringify(input.slice(0, 64))}: use admin, maintainer, developer or guest ` +
      `(or administrator, operator, editor, viewer)`,
  );
}

/** A fine-grained role; INVALID_ARGUMENT otherwise. */
export function parseBindingRole(input: string): BindingRole {
  const name = input.trim().toLowerCase();
  if (isBindingRole(name)) return name;
  throw new BerthError(
    ErrorCode.INVALID_ARGUMENT,
    `unknown role ${JSON.stringify(input.slice(0, 64))}: use image-puller, image-pusher or image-builder`,
  );
}

/** The strongest of `roles`, or null when there is none. */
export function strongestRole(roles: Iterable<ProjectRole>): ProjectRole | null {
  let best: ProjectRole | null = null;
  for (const role of roles) {
    if (best === null || PROJECT_ROLES_ORDER.indexOf(role) < PROJECT_ROLES_ORDER.indexOf(best)) best = role;
  }
  return best;
}
