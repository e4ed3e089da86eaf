import { Global, Module } from '@nestjs/common';
import { AccessModule } from '../policy/access.module';
import { AUDIT_LOG } from '../ports/audit-log.port';
import { AuditEventsService } from './audit-events.service';
import { AuditLogService } from './audit-log.service';
import { AuditRepository } from './audit.repository';
import { ObservedEventsService } from './observed-events.service';

/**
 * The audit log. Global: every feature records through AUDIT_LOG (AuditLogService, which
 * depends only on its table). AuditEventsService, which reads it, needs PROJECT_ROLES, and
 * ObservedEventsService (RecordAuditEvent) ACCESS_POLICY, from the projects feature's
 * AccessModule (which depends on nothing of the identity feature).
 */
@Global()
@Module({
  imports: [AccessModule],
  providers: [
    AuditRepository,
    AuditLogService,
    AuditEventsService,
    ObservedEventsService,
    { provide: AUDIT_LOG, useExisting: AuditLogService },
  ],
  exports: [AUDIT_LOG, AuditLogService, AuditEventsService, ObservedEventsService],
})
export class AuditModule {}
