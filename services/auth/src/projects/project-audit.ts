import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_LOG, type AuditLog } from '../ports/audit-log.port';
import type { AuthenticatedCall } from '../ports/caller-authenticator.port';

/** Records the projects feature's audit events with the caller's subject and address. Never pass a secret. */
@Injectable()
export class ProjectAudit {
  constructor(@Inject(AUDIT_LOG) private readonly log: AuditLog) {}

  async record(
    call: AuthenticatedCall,
    action: string,
    project: string,
    target?: string,
    details?: Record<string, string>,
  ): Promise<void> {
    await this.log.record({
      actor: call.principal.subject,
      action,
      project,
      target,
      clientIp: call.clientIp,
      outcome: 'success',
      details,
    });
  }
}
