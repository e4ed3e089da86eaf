import type { AccessEntry } from '@berth/auth-client';
import { ErrorCode } from '@berth/errors';
import { ADMIN, ALICE, BUILDER_SA, callOf, userPrincipalOf } from '../identity/testing/identity-fakes';
import type { AuditRecord } from '../ports/audit-log.port';
import type { AccessPolicy } from '../tokens/access-policy';
import type { RequestedAccess } from '../tokens/scope-parser';
import { ANONYMOUS_PRINCIPAL, type Principal } from '../users/principal';
import type { AuditLogService } from './audit-log.service';
import { ObservedEventsService } from './observed-events.service';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('ObservedEventsService (RecordAuditEvent)', () => {
  let recorded: AuditRecord[];
  let asked: Array<[string, RequestedAccess[]]>;
  let service: ObservedEventsService;
  /** Who may delete where: alice in team-a, the builder SA nowhere. */
  const deleters: Record<string, string[]> = { alice: ['team-a'] };

  beforeEach(() => {
    recorded = [];
    asked = [];
    const policy: AccessPolicy = {
      grant: async (principal: Principal, requested: readonly RequestedAccess[]): Promise<AccessEntry[]> => {
        asked.push([principal.subject, [...requested]]);
        const projects =
          principal.kind === 'user' && principal.isAdmin ? null : (deleters[principal.subject] ?? []);
        return requested
          .filter((r) => projects === null || projects.includes(r.name.split('/')[0]))
          .map((r) => ({ type: r.type, name: r.name, actions: [...r.actions] }));
      },
    };
    const log = {
      recordOrFail: async (e: AuditRecord) => void recorded.push(e),
    } as unknown as AuditLogService;
    service = new ObservedEventsService(log, policy);
  });

  const event = (over: Record<string, unknown> = {}) => ({
    action: 'manifest.deleted',
    project: 'team-a',
    target: `team-a/app@${DIGEST}`,
    outcome: 'success',
    details: { tag: 'v1' },
    ...over,
  });

  it('records a deletion by a caller who may delete there, as that caller, in its project', async () => {
    await service.record(callOf(ALICE, '192.0.2.8'), event());
    await service.record(
      callOf(ALICE, '192.0.2.8', 'bearer'),
      event({ target: 'team-a/sub/app:v1', outcome: '' }),
    );
    await service.record(
      callOf(ADMIN),
      event({ action: 'tag.deleted', project: 'team-b', target: 'team-b/x:v2' }),
    );
    expect(recorded).toEqual([
      {
        actor: 'alice',
        action: 'manifest.deleted',
        project: 'team-a',
        target: `team-a/app@${DIGEST}`,
        clientIp: '192.0.2.8',
        outcome: 'success',
        details: { tag: 'v1' },
      },
      expect.objectContaining({ target: 'team-a/sub/app:v1', outcome: 'success' }),
      expect.objectContaining({ actor: 'admin', action: 'tag.deleted', project: 'team-b' }),
    ]);
    expect(asked[0]).toEqual(['alice', [{ type: 'repository', name: 'team-a/app', actions: ['delete'] }]]);
  });

  it('refuses callers who may not delete in that repository', async () => {
    for (const principal of [ALICE, BUILDER_SA, userPrincipalOf('mallory')]) {
      await expect(
        service.record(callOf(principal), event({ project: 'team-b', target: 'team-b/app:v1' })),
      ).rejects.toMatchObject({ code: ErrorCode.DENIED });
    }
    await expect(service.record(callOf(ANONYMOUS_PRINCIPAL), event())).rejects.toMatchObject({
      code: ErrorCode.UNAUTHORIZED,
    });
    expect(recorded).toEqual([]);
  });

  it('refuses other actions, a project that is not the repository’s, and malformed targets', async () => {
    for (const bad of [
      { action: 'member.added' },
      { action: 'login.failed' },
      { action: 'Manifest Deleted' },
      { outcome: 'maybe' },
      { project: 'team-b' },
      { project: '' },
      { target: '' },
      { target: 'team-a/app' },
      { target: 'app:v1', project: 'app' },
      { target: 'team-a/app@sha256:abc' },
      { target: 'team-a/app:bad tag' },
      { action: 'tag.deleted', target: `team-a/app@${DIGEST}` },
      { target: 'team-a/../x:v1' },
    ]) {
      await expect(service.record(callOf(ADMIN), event(bad))).rejects.toMatchObject({
        code: ErrorCode.INVALID_ARGUMENT,
      });
    }
    expect(recorded).toEqual([]);
    expect(asked).toEqual([]);
  });
});
