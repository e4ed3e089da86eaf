import { Injectable, Logger } from '@nestjs/common';
import { BerthError, ErrorCode } from '@berth/errors';
import type { AuditLog, AuditRecord } from '../ports/audit-log.port';
import { normalizeRecord } from './audit-event';
import { AuditRepository } from './audit.repository';

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

  /**
   * Records an event and fails (UNAVAILABLE) when it cannot: for events recorded on request of
   * another service (ObservedEventsService decides what may be), which should know.
   */
  async recordOrFail(event: AuditRecord): Promise<void> {
    try {
      await this.events.insert(normalizeRecord(event));
    } catch (err) {
      this.logger.error(
        `cannot record audit event ${JSON.stringify(event.action)}: ${(err as Error).message}`,
      );
      throw new BerthError(ErrorCode.UNAVAILABLE, 'the audit log is unavailable');
    }
  }
}
