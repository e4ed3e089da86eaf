import { ErrorCode } from '@berth/errors';
import { Logger } from '@nestjs/common';
import { ALICE, callOf } from '../identity/testing/identity-fakes';
import type { AuditRecord } from '../ports/audit-log.port';
import { ANONYMOUS_PRINCIPAL } from '../users/principal';
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

  it('records an event for an authenticated caller, as that caller', async () => {
    await service.recordForCaller(callOf(ALICE, '192.0.2.8'), {
      action: 'manifest.deleted',
      project: 'team-a',
      target: 'team-a/app@sha256:abc',
      outcome: '',
      details: { tag: 'v1' },
    });
    expect(inserted).toEqual([
      {
        actor: 'alice',
        action: 'manifest.deleted',
        project: 'team-a',
        target: 'team-a/app@sha256:abc',
        clientIp: '192.0.2.8',
        outcome: 'success',
        details: { tag: 'v1' },
      },
    ]);
  });

  it('refuses anonymous callers and malformed events, and reports a failed write', async () => {
    const event = { action: 'manifest.deleted', project: '', target: '', outcome: 'success', details: {} };
    await expect(service.recordForCaller(callOf(ANONYMOUS_PRINCIPAL), event)).rejects.toMatchObject({
      code: ErrorCode.UNAUTHORIZED,
    });
    for (const bad of [{ action: 'Manifest Deleted' }, { action: '' }, { outcome: 'maybe' }]) {
      await expect(service.recordForCaller(callOf(ALICE), { ...event, ...bad })).rejects.toMatchObject({
        code: ErrorCode.INVALID_ARGUMENT,
      });
    }
    fail = true;
    await expect(service.recordForCaller(callOf(ALICE), event)).rejects.toMatchObject({
      code: ErrorCode.UNAVAILABLE,
    });
    expect(inserted).toEqual([]);
  });
});
