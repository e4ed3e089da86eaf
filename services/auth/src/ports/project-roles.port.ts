import type { Principal } from '../users/principal';

/**
 * The role a principal holds in a project. Implemented by the projects feature; the identity
 * feature uses it to let project admins read their project's audit events.
 */
export interface ProjectRoles {
  /**
   * The canonical project role (`admin`, `maintainer`, `developer`, `guest`) `principal` holds
   * in `project`, directly or through a group; null when none, or when the project does not
   * exist. Registry administration is not a project role: callers check it themselves.
   */
  roleOf(principal: Principal, project: string): Promise<string | null>;
}

/** Injection token of ProjectRoles. */
export const PROJECT_ROLES = Symbol('PROJECT_ROLES');
