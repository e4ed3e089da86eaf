import { Injectable } from '@nestjs/common';
import { BerthError, ErrorCode } from '@berth/errors';
import { ProjectAccess } from '../policy/project-access';
import { parseBindingRole } from '../policy/roles';
import { parseSubject, subjectLabel } from '../policy/subject';
import type { AuthenticatedCall } from '../ports/caller-authenticator.port';
import { ProjectAudit } from './project-audit';
import { RoleBindingsRepository, type RoleBinding } from './role-bindings.repository';
import { isUserGroup, SubjectDirectory } from './subject-directory';

type SubjectInput = { kind?: string; name?: string } | null | undefined;

const BINDING_KINDS = ['user', 'group', 'serviceaccount'] as const;

/** Fine-grained role bindings (image-puller, image-pusher, image-builder) to users, groups and service accounts. */
@Injectable()
export class RoleBindingsService {
  constructor(
    private readonly bindings: RoleBindingsRepository,
    private readonly access: ProjectAccess,
    private readonly directory: SubjectDirectory,
    private readonly audit: ProjectAudit,
  ) {}

  async add(
    call: AuthenticatedCall,
    projectName: string,
    roleInput: string,
    subjectInput: SubjectInput,
  ): Promise<RoleBinding> {
    const role = parseBindingRole(roleInput);
    const subject = parseSubject(subjectInput, BINDING_KINDS);
    const { project } = await this.access.asAdmin(call.principal, projectName);
    await this.directory.requireExists(subject);
    const binding = await this.bindings.add(project, role, subject, isUserGroup(subject));
    if (!binding) {
      // A user group deleted meanwhile: NOT_FOUND, as if it had been gone before.
      await this.directory.requireExists(subject);
      throw new BerthError(
        ErrorCode.ALREADY_EXISTS,
        `${subjectLabel(subject)} is already bound to ${role} in project ${JSON.stringify(projectName)}`,
      );
    }
    await this.audit.record(call, 'rolebinding.added', projectName, subjectLabel(subject), { role });
    return binding;
  }

  async remove(
    call: AuthenticatedCall,
    projectName: string,
    roleInput: string,
    subjectInput: SubjectInput,
  ): Promise<void> {
    const role = parseBindingRole(roleInput);
    const subject = parseSubject(subjectInput, BINDING_KINDS);
    const { project } = await this.access.asAdmin(call.principal, projectName);
    if (!(await this.bindings.remove(project.id, role, subject))) {
      throw new BerthError(
        ErrorCode.NOT_FOUND,
        `${subjectLabel(subject)} is not bound to ${role} in project ${JSON.stringify(projectName)}`,
      );
    }
    await this.audit.record(call, 'rolebinding.removed', projectName, subjectLabel(subject), { role });
  }

  async list(call: AuthenticatedCall, projectName: string, roleInput?: string): Promise<RoleBinding[]> {
    const role = roleInput ? parseBindingRole(roleInput) : undefined;
    const { project } = await this.access.asMember(call.principal, projectName);
    return this.bindings.list(project, role);
  }
}
