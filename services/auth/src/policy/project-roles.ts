import { Injectable } from '@nestjs/common';
import type { ProjectRoles } from '../ports/project-roles.port';
import type { Principal } from '../users/principal';
import { PolicyRepository } from './policy.repository';
import { strongestRole } from './roles';

/** The canonical project role of a principal's memberships (direct or through groups), or null. */
@Injectable()
export class MembershipProjectRoles implements ProjectRoles {
  constructor(private readonly policy: PolicyRepository) {}

  async roleOf(principal: Principal, project: string): Promise<string | null> {
    if (principal.kind === 'anonymous') return null;
    const facts = (await this.policy.factsOf(principal, [project])).get(project);
    return facts ? strongestRole(facts.memberRoles) : null;
  }
}
