import { Injectable, Logger } from '@nestjs/common';
import { BerthError, ErrorCode } from '@berth/errors';
import { requireAuthenticated } from '../authn/permissions';
import type { AuditLog, AuditRecord } from '../ports/audit-log.port';
import type { AuthenticatedCall } from '../ports/caller-authenticator.port';
import { assertRecordable, normalizeRecord } from './audit-event';
import { AuditRepository } from './audit.repository';

export interface RecordAuditEventInput {
  action: string;
  project: string;
  target: string;
  outcome: string;
  details: Record<string, string>;
}

/**
 * Writes the audit log (AUDIT_LOG). Depends on nothing but its table, so every feature can
 * record through it without dependency cycles.
 */
@Injectable()
export class AuditLogService implements AuditLog {
  private readonly logger = new Logger('Audit');

  constructor(private readonly events: AuditRepository) {}

  /** Records an event; never throws (a failure is logged, without the event's details). */
  async record(event: AuditRecord): Promise<void> {
    try {
      await this.events.insert(normalizeRecord(event));
    } catch (err) {
      this.logger.error(
        `cannot record audit event ${JSON.stringify(event.action)}: ${(err as Error).message}`,
      );
    }
  }

  /** Records an event another service observed; the actor is the authenticated caller. */
  async recordForCaller(call: AuthenticatedCall, input: RecordAuditEventInput): Promise<void> {
    const principal = requireAuthenticated(call.principal);
    assertRecordable(input);
    try {
      await this.events.insert(
        normalizeRecord({
          actor: principal.subject,
          action: input.action,
          project: input.project,
          target: input.target,
          clientIp: call.clientIp,
          outcome: input.outcome === 'failure' ? 'failure' : 'success',
          details: input.details,
        }),
      );
    } catch (err) {
      this.logger.error(
        `cannot record audit event ${JSON.stringify(input.action)}: ${(err as Error).message}`,
      );
      throw new BerthError(ErrorCode.UNAVAILABLE, 'the audit log is unavailable');
    }
  }
}
