import { Inject, Injectable } from '@nestjs/common';
import { BerthError, ErrorCode } from '@berth/errors';
import { isRegistryAdmin, requireAuthenticated } from '../authn/permissions';
import type { AuthenticatedCall } from '../ports/caller-authenticator.port';
import { PROJECT_ROLES, type ProjectRoles } from '../ports/project-roles.port';
import { DEFAULT_AUDIT_PAGE, MAX_AUDIT_PAGE, parseEventId, type AuditEvent } from './audit-event';
import { AuditRepository } from './audit.repository';

export interface ListAuditEventsInput {
  project?: string;
  action?: string;
  actor?: string;
  limit?: number;
  before?: string;
}

/** Reads the audit log for registry administrators and project admins. */
@Injectable()
export class AuditEventsService {
  constructor(
    private readonly events: AuditRepository,
    @Inject(PROJECT_ROLES) private readonly projectRoles: ProjectRoles,
  ) {}

  /**
   * Events newest first. Registry administrators see everything; project admins only the events
   * of a project they administer, which they must name, and only since that project was created
   * (not those of a deleted project of the same name). Anyone else is DENIED.
   */
  async list(
    call: AuthenticatedCall,
    input: ListAuditEventsInput,
  ): Promise<{ events: AuditEvent[]; more: boolean }> {
    const principal = requireAuthenticated(call.principal);
    const admin = isRegistryAdmin(principal);
    if (!admin) {
      if (!input.project)
        throw new BerthError(
          ErrorCode.DENIED,
          'only registry administrators may list all audit events; project admins must name their project',
        );
      if ((await this.projectRoles.roleOf(principal, input.project)) !== 'admin')
        throw new BerthError(ErrorCode.DENIED, 'only admins of the project may list its audit events');
    }
    const limit = auditPageLimit(input.limit);
    const rows = await this.events.list({
      project: input.project || undefined,
      action: input.action || undefined,
      actor: input.actor || undefined,
      before: input.before ? parseEventId(input.before) : undefined,
      limit: limit + 1,
      ...(admin ? {} : { sinceProjectCreated: true }),
    });
    return { events: rows.slice(0, limit), more: rows.length > limit };
  }
}

function auditPageLimit(limit: number | undefined): number {
  if (limit === undefined || limit === null) return DEFAULT_AUDIT_PAGE;
  if (!Number.isInteger(limit) || limit < 1)
    throw new BerthError(ErrorCode.INVALID_ARGUMENT, 'limit must be a positive integer');
  return Math.min(limit, MAX_AUDIT_PAGE);
}
