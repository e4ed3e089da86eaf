import { Inject, Injectable } from '@nestjs/common';
import { BerthError, ErrorCode } from '@berth/errors';
import { requireAdmin } from '../authn/permissions';
import { AUDIT_LOG, type AuditLog } from '../ports/audit-log.port';
import type { AuthenticatedCall } from '../ports/caller-authenticator.port';
import { SUBJECT_REFERENCES, type SubjectReferences } from '../ports/subject-references.port';
import { quoted } from '../users/quoted';
import { assertValidGroupName, type Group } from './group';
import { GroupsRepository } from './groups.repository';

/** Administrator-managed user groups. */
@Injectable()
export class GroupsService {
  constructor(
    private readonly groups: GroupsRepository,
    @Inject(SUBJECT_REFERENCES) private readonly references: SubjectReferences,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
  ) {}

  async create(call: AuthenticatedCall, name: string): Promise<Group> {
    const actor = requireAdmin(call.principal);
    assertValidGroupName(name);
    const group = await this.groups.create(name);
    if (!group) throw new BerthError(ErrorCode.ALREADY_EXISTS, `group ${quoted(name)} already exists`);
    await this.record(call, actor.subject, 'group.created', name);
    return group;
  }

  async list(call: AuthenticatedCall): Promise<Group[]> {
    requireAdmin(call.principal);
    return this.groups.list();
  }

  async get(call: AuthenticatedCall, name: string): Promise<Group> {
    requireAdmin(call.principal);
    const group = await this.groups.findByName(name);
    if (!group) throw groupNotFound(name);
    return group;
  }

  /**
   * Deletes a group with its memberships, and every project membership and role binding that
   * names it, in one transaction holding the group's row: a group created later under the same
   * name inherits nothing, and a failed deletion leaves everything as it was.
   */
  async delete(call: AuthenticatedCall, name: string): Promise<void> {
    const actor = requireAdmin(call.principal);
    const deleted = await this.groups.delete(name, (manager) =>
      this.references.forget({ kind: 'group', name }, manager),
    );
    if (!deleted) throw groupNotFound(name);
    await this.record(call, actor.subject, 'group.deleted', name);
  }

  /** Adds a user to a group; adding a member again changes nothing. */
  async addMember(call: AuthenticatedCall, group: string, username: string): Promise<Group> {
    const actor = requireAdmin(call.principal);
    const outcome = await this.groups.addMember(group, username);
    if (outcome === 'no-group') throw groupNotFound(group);
    if (outcome === 'no-user')
      throw new BerthError(ErrorCode.NOT_FOUND, `user ${quoted(username)} not found`);
    if (outcome === 'changed')
      await this.record(call, actor.subject, 'groupmember.added', group, { user: username });
    return this.get(call, group);
  }

  async removeMember(call: AuthenticatedCall, group: string, username: string): Promise<Group> {
    const actor = requireAdmin(call.principal);
    const outcome = await this.groups.removeMember(group, username);
    if (outcome === 'no-group') throw groupNotFound(group);
    if (outcome !== 'changed')
      throw new BerthError(
        ErrorCode.NOT_FOUND,
        `user ${quoted(username)} is not a member of group ${quoted(group)}`,
      );
    await this.record(call, actor.subject, 'groupmember.removed', group, { user: username });
    return this.get(call, group);
  }

  private record(
    call: AuthenticatedCall,
    actor: string,
    action: string,
    group: string,
    details: Record<string, string> = {},
  ): Promise<void> {
    return this.audit.record({
      actor,
      action,
      target: `group:${group}`,
      clientIp: call.clientIp,
      outcome: 'success',
      details,
    });
  }
}

function groupNotFound(name: string): BerthError {
  return new BerthError(ErrorCode.NOT_FOUND, `group ${quoted(name)} not found`);
}
