import { ErrorCode } from '@berth/errors';
import { Logger } from '@nestjs/common';
import type { AuditRecord } from '../ports/audit-log.port';
import type { AuditRepository } from './audit.repository';
import { AuditLogService } from './audit-log.service';

describe('AuditLogService', () => {
  let inserted: Array<Required<AuditRecord>>;
  let fail: boolean;
  let service: AuditLogService;
  let error: jest.SpyInstance;

  beforeEach(() => {
    inserted = [];
    fail = false;
    error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const repo = {
      insert: async (event: Required<AuditRecord>) => {
        if (fail) throw new Error('connection terminated');
        inserted.push(event);
      },
    } as unknown as AuditRepository;
    service = new AuditLogService(repo);
  });
  afterEach(() => jest.restoreAllMocks());

  it('records with defaults filled in and long values cut', async () => {
    await service.record({ actor: '', action: 'login.failed', details: { reason: 'x'.repeat(5000) } });
    expect(inserted).toEqual([
      {
        actor: 'anonymous',
        action: 'login.failed',
        project: '',
        target: '',
        clientIp: '',
        outcome: 'success',
        details: { reason: 'x'.repeat(1024) },
      },
    ]);
  });

  it('never throws into the caller; the failure is logged without details', async () => {
    fail = true;
    await expect(
      service.record({ actor: 'alice', action: 'user.created', details: { note: 'do-not-log' } }),
    ).resolves.toBeUndefined();
    expect(error).toHaveBeenCalledWith('cannot record audit event "user.created": connection terminated');
    expect(JSON.stringify(error.mock.calls)).not.toContain('do-not-log');
  });

  it('records on request, failing (UNAVAILABLE) when the event cannot be stored', async () => {
    await service.recordOrFail({ actor: 'alice', action: 'manifest.deleted', project: 'team-a' });
    expect(inserted).toEqual([
      expect.objectContaining({ actor: 'alice', project: 'team-a', outcome: 'success' }),
    ]);
    fail = true;
    await expect(service.recordOrFail({ actor: 'alice', action: 'manifest.deleted' })).rejects.toMatchObject({
      code: ErrorCode.UNAVAILABLE,
    });
    expect(error).toHaveBeenCalledWith('cannot record audit event "manifest.deleted": connection terminated');
  });
});
