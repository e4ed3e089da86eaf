import { ErrorCode } from '@berth/errors';
import { ADMIN, ALICE, BUILDER_SA, callOf, userPrincipalOf } from '../identity/testing/identity-fakes';
import type { ProjectRoles } from '../ports/project-roles.port';
import { ANONYMOUS_PRINCIPAL, type Principal } from '../users/principal';
import type { AuditQuery } from './audit-event';
import type { AuditRepository } from './audit.repository';
import { AuditEventsService } from './audit-events.service';

describe('AuditEventsService.list', () => {
  let queries: AuditQuery[];
  let service: AuditEventsService;
  const roles: Record<string, Record<string, string>> = {
    'team-a': { alice: 'admin', bob: 'maintainer' },
  };

  beforeEach(() => {
    queries = [];
    const repo = {
      list: async (query: AuditQuery) => {
        queries.push(query);
        return Array.from({ length: Math.min(query.limit, 3) }, (_, i) => ({ id: String(10 - i) }));
      },
    } as unknown as AuditRepository;
    const projectRoles: ProjectRoles = {
      roleOf: async (principal: Principal, project: string) => roles[project]?.[principal.subject] ?? null,
    };
    service = new AuditEventsService(repo, projectRoles);
  });

  it('shows administrators everything, newest first, in pages', async () => {
    const page = await service.list(callOf(ADMIN), { limit: 2 });
    expect(page).toEqual({ events: [{ id: '10' }, { id: '9' }], more: true });
    expect(queries).toEqual([
      { project: undefined, action: undefined, actor: undefined, before: undefined, limit: 3 },
    ]);
    await service.list(callOf(ADMIN), { project: 'team-a' });
    expect(queries[1]).not.toHaveProperty('sinceProjectCreated');
    queries.pop();
    await service.list(callOf(ADMIN), { action: 'login.failed', actor: 'alice', before: '42' });
    expect(queries[1]).toEqual({
      project: undefined,
      action: 'login.failed',
      actor: 'alice',
      before: '42',
      limit: 101,
    });
  });

  it('shows project admins the events of their project only', async () => {
    await expect(service.list(callOf(ALICE), { project: 'team-a' })).resolves.toMatchObject({ more: false });
    expect(queries[0]).toMatchObject({ project: 'team-a', sinceProjectCreated: true });
    await expect(service.list(callOf(ALICE), {})).rejects.toMatchObject({ code: ErrorCode.DENIED });
    await expect(service.list(callOf(ALICE), { project: 'team-b' })).rejects.toMatchObject({
      code: ErrorCode.DENIED,
    });
    await expect(service.list(callOf(userPrincipalOf('bob')), { project: 'team-a' })).rejects.toMatchObject({
      code: ErrorCode.DENIED,
    });
    await expect(service.list(callOf(BUILDER_SA), { project: 'team-a' })).rejects.toMatchObject({
      code: ErrorCode.DENIED,
    });
    expect(queries).toHaveLength(1);
  });

  it('asks anonymous callers to authenticate', async () => {
    await expect(service.list(callOf(ANONYMOUS_PRINCIPAL), { project: 'team-a' })).rejects.toMatchObject({
      code: ErrorCode.UNAUTHORIZED,
    });
  });

  it('refuses a malformed page', async () => {
    await expect(service.list(callOf(ADMIN), { before: 'abc' })).rejects.toMatchObject({
      code: ErrorCode.INVALID_ARGUMENT,
    });
    await expect(service.list(callOf(ADMIN), { limit: -1 })).rejects.toMatchObject({
      code: ErrorCode.INVALID_ARGUMENT,
    });
  });
});
