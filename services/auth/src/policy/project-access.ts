import { Injectable } from '@nestjs/common';
import { BerthError, ErrorCode } from '@berth/errors';
import type { ProjectRecord } from '../projects/project';
import type { Principal } from '../users/principal';
import { canMaintain, canManage, isMember, standingIn, type Standing } from './access-rules';
import { PolicyRepository } from './policy.repository';

/** A project the caller may see, with the caller's standing in it. */
export interface VisibleProject {
  project: ProjectRecord;
  standing: Standing;
}

/**
 * Resolves a management caller's standing in a project and enforces it. A project the caller
 * may not pull from is answered NOT_FOUND exactly like a project that does not exist; a visible
 * project where the caller lacks the right is DENIED. Anonymous callers are never members, so
 * whatever needs membership answers them UNAUTHORIZED (log in) before looking at the project:
 * the same answer whether it exists or not.
 */
@Injectable()
export class ProjectAccess {
  constructor(private readonly policy: PolicyRepository) {}

  /** The project, when the principal may see it; NOT_FOUND otherwise. */
  async visible(principal: Principal, name: string): Promise<VisibleProject> {
    const facts = (await this.policy.factsOf(principal, [name])).get(name) ?? null;
    const standing = standingIn(principal, facts);
    if (!facts || !standing.rights.pull) throw projectNotFound(name);
    const { id, createdAt, createdBy } = facts;
    return { project: { id, name: facts.name, public: facts.public, createdAt, createdBy }, standing };
  }

  /** For reading members, bindings and service accounts: members and registry admins. */
  async asMember(principal: Principal, name: string): Promise<VisibleProject> {
    return this.require(principal, name, isMember, 'a member of');
  }

  /** For changing the project, its members, bindings, service accounts and secrets. */
  async asAdmin(principal: Principal, name: string): Promise<VisibleProject> {
    return this.require(principal, name, canManage, 'an admin of');
  }

  /** For image scopes and registry credentials' listing: admins and maintainers. */
  async asMaintainer(principal: Principal, name: string): Promise<VisibleProject> {
    return this.require(principal, name, canMaintain, 'an admin or maintainer of');
  }

  private async require(
    principal: Principal,
    name: string,
    allowed: (standing: Standing) => boolean,
    what: string,
  ): Promise<VisibleProject> {
    if (principal.kind === 'anonymous')
      throw new BerthError(ErrorCode.UNAUTHORIZED, 'authentication required');
    const visible = await this.visible(principal, name);
    if (!allowed(visible.standing)) {
      throw new BerthError(ErrorCode.DENIED, `only ${what} project ${JSON.stringify(name)} may do this`);
    }
    return visible;
  }
}

export function projectNotFound(name: string): BerthError {
  return new BerthError(ErrorCode.NOT_FOUND, `project ${JSON.stringify(name.slice(0, 80))} not found`);
}
