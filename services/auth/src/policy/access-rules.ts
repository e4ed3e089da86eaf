import type { RepositoryAction } from '@berth/auth-client';
import { BUILDER_SERVICE_ACCOUNT } from '../service-accounts/service-account-name';
import type { Principal } from '../users/principal';
import { strongestRole, type BindingRole, type ProjectRole } from './roles';

/** What the access rules need to know about one project, as seen by one principal. */
export interface ProjectFacts {
  name: string;
  public: boolean;
  /** Roles of the memberships that name the principal: directly, or through one of its groups (implicit ones included). */
  memberRoles: readonly ProjectRole[];
  /** Fine-grained roles bound in the project to the principal, one of its groups, or (for a service account) itself. */
  bindingRoles: readonly BindingRole[];
}

/** What a principal may do in a project (or in one repository of it). */
export interface Rights {
  pull: boolean;
  push: boolean;
  /** Create image streams by pushing to them. */
  create: boolean;
  delete: boolean;
}

/** A principal's standing in a project: its rights, its project role, and whether it runs the registry. */
export interface Standing {
  rights: Rights;
  /** The strongest project role of its memberships, null when not a member. */
  role: ProjectRole | null;
  registryAdmin: boolean;
}

const NONE: Rights = { pull: false, push: false, create: false, delete: false };
const ALL: Rights = { pull: true, push: true, create: true, delete: true };

const ROLE_RIGHTS: Readonly<Record<ProjectRole, Rights>> = {
  admin: ALL,
  maintainer: ALL,
  developer: { pull: true, push: true, create: true, delete: false },
  guest: { pull: true, push: false, create: false, delete: false },
};

const BINDING_RIGHTS: Readonly<Record<BindingRole, Rights>> = {
  'image-puller': { pull: true, push: false, create: false, delete: false },
  'image-pusher': { pull: true, push: true, create: false, delete: false },
  'image-builder': { pull: true, push: true, create: true, delete: false },
};

const union = (a: Rights, b: Rights): Rights => ({
  pull: a.pull || b.pull,
  push: a.push || b.push,
  create: a.create || b.create,
  delete: a.delete || b.delete,
});

export function isRegistryAdmin(principal: Principal): boolean {
  return principal.kind === 'user' && principal.isAdmin;
}

/**
 * A principal's standing in a project (`facts` null: the project does not exist). Registry admins
 * may do everything everywhere. Otherwise the rights are the union of: pull when the project is
 * public; the member role's rights (admin and maintainer: everything; developer: pull, push,
 * create; guest: pull); each bound role's rights (image-puller: pull; image-pusher: pull and push
 * to existing streams; image-builder: pull, push, create); for the project's own service
 * accounts, pull, and for `builder` also push and create. Anonymous callers only ever get the
 * public pull, whatever the facts say.
 */
export function standingIn(principal: Principal, facts: ProjectFacts | null): Standing {
  if (isRegistryAdmin(principal)) {
    return { rights: ALL, role: facts ? strongestRole(facts.memberRoles) : null, registryAdmin: true };
  }
  if (!facts) return { rights: NONE, role: null, registryAdmin: false };
  let rights: Rights = facts.public ? { ...NONE, pull: true } : NONE;
  if (principal.kind === 'anonymous') return { rights, role: null, registryAdmin: false };

  const role = strongestRole(facts.memberRoles);
  if (role) rights = union(rights, ROLE_RIGHTS[role]);
  for (const bound of facts.bindingRoles) rights = union(rights, BINDING_RIGHTS[bound]);
  if (principal.kind === 'serviceaccount' && principal.project === facts.name) {
    rights = union(rights, { ...NONE, pull: true });
    if (principal.name === BUILDER_SERVICE_ACCOUNT) rights = union(rights, BINDING_RIGHTS['image-builder']);
  }
  return { rights, role, registryAdmin: false };
}

/**
 * Rights on one repository of a project: the project's, plus pull for every authenticated user
 * and service account when the repository's image scope is `global`.
 */
export function repositoryRights(principal: Principal, facts: ProjectFacts | null, global: boolean): Rights {
  const { rights } = standingIn(principal, facts);
  if (global && facts && principal.kind !== 'anonymous') return { ...rights, pull: true };
  return rights;
}

/**
 * The requested repository actions the rights allow, in the order asked. `push` needs the push
 * right and either the right to create streams or an existing stream (`streamExists` is asked
 * only then).
 */
export async function allowedActions(
  requested: readonly string[],
  rights: Rights,
  streamExists: () => Promise<boolean>,
): Promise<RepositoryAction[]> {
  const out: RepositoryAction[] = [];
  for (const action of requested) {
    if (action === 'pull' && rights.pull) out.push('pull');
    else if (action === 'delete' && rights.delete) out.push('delete');
    else if (action === 'push' && rights.push && (rights.create || (await streamExists()))) out.push('push');
  }
  return out;
}

/** May manage members, bindings, service accounts, secrets and the project itself. */
export const canManage = (s: Standing): boolean => s.registryAdmin || s.role === 'admin';
/** May change image scopes (and, for the import scheduler, manage imports). */
export const canMaintain = (s: Standing): boolean =>
  s.registryAdmin || s.role === 'admin' || s.role === 'maintainer';
/** May read the project's members, bindings and service accounts. */
export const isMember = (s: Standing): boolean => s.registryAdmin || s.role !== null;
