import { Injectable } from '@nestjs/common';
import { BerthError, ErrorCode } from '@berth/errors';
import { ProjectAccess } from '../policy/project-access';
import { parseProjectRole } from '../policy/roles';
import { parseSubject, subjectLabel, type Subject } from '../policy/subject';
import type { AuthenticatedCall } from '../ports/caller-authenticator.port';
import { MembersRepository, type Member, type MemberChangeRefusal } from './members.repository';
import { ProjectAudit } from './project-audit';
import { isUserGroup, SubjectDirectory } from './subject-directory';

type SubjectInput = { kind?: string; name?: string } | null | undefined;

const MEMBER_KINDS = ['user', 'group'] as const;

/** Project memberships: users and groups with a project role. */
@Injectable()
export class MembersService {
  constructor(
    private readonly members: MembersRepository,
    private readonly access: ProjectAccess,
    private readonly directory: SubjectDirectory,
    private readonly audit: ProjectAudit,
  ) {}

  async add(
    call: AuthenticatedCall,
    projectName: string,
    subjectInput: SubjectInput,
    roleInput: string,
  ): Promise<Member> {
    const subject = parseSubject(subjectInput, MEMBER_KINDS);
    const role = parseProjectRole(roleInput);
    const { project } = await this.access.asAdmin(call.principal, projectName);
    await this.directory.requireExists(subject);
    const member = await this.members.add(project.id, subject, role, isUserGroup(subject));
    if (!member) {
      // A user group deleted meanwhile: NOT_FOUND, as if it had been gone before.
      await this.directory.requireExists(subject);
      throw new BerthError(
        ErrorCode.ALREADY_EXISTS,
        `${describe(subject)} is already a member of project ${JSON.stringify(projectName)}; update the role instead`,
      );
    }
    await this.audit.record(call, 'member.added', projectName, subjectLabel(subject), { role });
    return member;
  }

  async list(call: AuthenticatedCall, projectName: string): Promise<Member[]> {
    const { project } = await this.access.asMember(call.principal, projectName);
    return this.members.list(project.id);
  }

  async update(
    call: AuthenticatedCall,
    projectName: string,
    subjectInput: SubjectInput,
    roleInput: string,
  ): Promise<Member> {
    const subject = parseSubject(subjectInput, MEMBER_KINDS);
    const role = parseProjectRole(roleInput);
    const { project } = await this.access.asAdmin(call.principal, projectName);
    const outcome = await this.members.update(project.id, subject, role);
    if (typeof outcome === 'string') throw refused(outcome, subject, projectName, 'downgrade');
    await this.audit.record(call, 'member.updated', projectName, subjectLabel(subject), { role });
    return outcome;
  }

  async remove(call: AuthenticatedCall, projectName: string, subjectInput: SubjectInput): Promise<void> {
    const subject = parseSubject(subjectInput, MEMBER_KINDS);
    const { project } = await this.access.asAdmin(call.principal, projectName);
    const outcome = await this.members.remove(project.id, subject);
    if (outcome !== true) throw refused(outcome, subject, projectName, 'remove');
    await this.audit.record(call, 'member.removed', projectName, subjectLabel(subject));
  }
}

function describe(subject: Subject): string {
  return `${subject.kind} ${JSON.stringify(subject.name)}`;
}

function refused(why: MemberChangeRefusal, subject: Subject, project: string, verb: string): BerthError {
  if (why === 'not-member') {
    return new BerthError(
      ErrorCode.NOT_FOUND,
      `${describe(subject)} is not a member of project ${JSON.stringify(project)}`,
    );
  }
  return new BerthError(
    ErrorCode.CONFLICT,
    `cannot ${verb} ${describe(subject)}: it is the last admin of project ${JSON.stringify(project)}; add another admin first`,
  );
}
