import { ErrorCode } from '@berth/errors';
import type { EntityManager } from 'typeorm';
import { ADMIN, ALICE, BUILDER_SA, callOf, RecordingAuditLog } from '../identity/testing/identity-fakes';
import type { SubjectReferences } from '../ports/subject-references.port';
import { ANONYMOUS_PRINCIPAL } from '../users/principal';
import type { Group } from './group';
import type { GroupsRepository, MembershipChange } from './groups.repository';
import { GroupsService } from './groups.service';

/** GroupsRepository in memory (its int-spec checks the SQL). */
class InMemoryGroups {
  readonly groups = new Map<string, Group>();
  constructor(private readonly users: Set<string>) {}

  async create(name: string) {
    if (this.groups.has(name)) return null;
    const group = { name, members: [], createdAt: new Date() };
    this.groups.set(name, group);
    return group;
  }
  async findByName(name: string) {
    const g = this.groups.get(name);
    return g ? { ...g, members: [...g.members] } : null;
  }
  async list() {
    return [...this.groups.values()];
  }
  /** The transaction of the last delete, as its `before` saw it. */
  lastTransaction: EntityManager | undefined;
  async delete(name: string, before: (manager: EntityManager) => Promise<void>) {
    if (!this.groups.has(name)) return false;
    this.lastTransaction = { transaction: `deleting ${name}` } as unknown as EntityManager;
    await before(this.lastTransaction); // throws: nothing is deleted (rolled back)
    return this.groups.delete(name);
  }
  async addMember(group: string, username: string): Promise<MembershipChange> {
    const g = this.groups.get(group);
    if (!g) return 'no-group';
    if (!this.users.has(username)) return 'no-user';
    if (g.members.includes(username)) return 'unchanged';
    g.members = [...g.members, username].sort();
    return 'changed';
  }
  async removeMember(group: string, username: string): Promise<MembershipChange> {
    const g = this.groups.get(group);
    if (!g) return 'no-group';
    if (!this.users.has(username)) return 'no-user';
    if (!g.members.includes(username)) return 'unchanged';
    g.members = g.members.filter((m) => m !== username);
    return 'changed';
  }
}

describe('GroupsService', () => {
  let repo: InMemoryGroups;
  let audit: RecordingAuditLog;
  let forgotten: Array<{ kind: string; name: string }>;
  let forgottenIn: Array<EntityManager | undefined>;
  let service: GroupsService;
  const admin = callOf(ADMIN);

  beforeEach(() => {
    repo = new InMemoryGroups(new Set(['alice', 'bob']));
    audit = new RecordingAuditLog();
    forgotten = [];
    forgottenIn = [];
    const references: SubjectReferences = {
      forget: async (subject, manager) => {
        forgotten.push(subject);
        forgottenIn.push(manager);
      },
    };
    service = new GroupsService(repo as unknown as GroupsRepository, references, audit);
  });

  it('lets administrators create groups and manage their members, audited', async () => {
    await service.create(admin, 'devs');
    await expect(service.addMember(admin, 'devs', 'bob')).resolves.toMatchObject({ members: ['bob'] });
    await expect(service.addMember(admin, 'devs', 'alice')).resolves.toMatchObject({
      members: ['alice', 'bob'],
    });
    await expect(service.addMember(admin, 'devs', 'alice')).resolves.toMatchObject({
      members: ['alice', 'bob'],
    });
    await expect(service.removeMember(admin, 'devs', 'bob')).resolves.toMatchObject({ members: ['alice'] });
    await expect(service.get(admin, 'devs')).resolves.toMatchObject({ name: 'devs', members: ['alice'] });
    await expect(service.list(admin)).resolves.toHaveLength(1);
    expect(audit.events.map((e) => [e.action, e.target, e.details])).toEqual([
      ['group.created', 'group:devs', {}],
      ['groupmember.added', 'group:devs', { user: 'bob' }],
      ['groupmember.added', 'group:devs', { user: 'alice' }],
      ['groupmember.removed', 'group:devs', { user: 'bob' }],
    ]);
  });

  it.each([
    ['authenticated', 'reserved'],
    ['serviceaccounts:team-a', 'reserved'],
    ['Devs', 'invalid group name'],
    ['', 'invalid group name'],
    ['a'.repeat(65), 'invalid group name'],
  ])('refuses the group name %j with INVALID_ARGUMENT (%s)', async (name, message) => {
    await expect(service.create(admin, name)).rejects.toMatchObject({
      code: ErrorCode.INVALID_ARGUMENT,
      message: expect.stringContaining(message),
    });
  });

  it('answers ALREADY_EXISTS and NOT_FOUND where they apply', async () => {
    await service.create(admin, 'devs');
    await expect(service.create(admin, 'devs')).rejects.toMatchObject({ code: ErrorCode.ALREADY_EXISTS });
    await expect(service.get(admin, 'ops')).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
    await expect(service.addMember(admin, 'ops', 'alice')).rejects.toMatchObject({
      code: ErrorCode.NOT_FOUND,
    });
    await expect(service.addMember(admin, 'devs', 'ghost')).rejects.toMatchObject({
      code: ErrorCode.NOT_FOUND,
      message: 'user "ghost" not found',
    });
    await expect(service.removeMember(admin, 'devs', 'alice')).rejects.toMatchObject({
      code: ErrorCode.NOT_FOUND,
      message: 'user "alice" is not a member of group "devs"',
    });
    await expect(service.delete(admin, 'ops')).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
    expect(forgotten).toEqual([]);
  });

  it('deletes a group and forgets every membership and binding that names it, in one transaction', async () => {
    await service.create(admin, 'devs');
    await service.delete(admin, 'devs');
    expect(forgotten).toEqual([{ kind: 'group', name: 'devs' }]);
    expect(forgottenIn).toEqual([repo.lastTransaction]);
    expect(repo.lastTransaction).toBeDefined();
    expect(repo.groups.has('devs')).toBe(false);
    expect(audit.actions()).toEqual(['group.created', 'group.deleted']);
  });

  it('keeps the group when its references cannot be forgotten', async () => {
    await service.create(admin, 'devs');
    const failing = new GroupsService(
      repo as unknown as GroupsRepository,
      { forget: async () => Promise.reject(new Error('database down')) },
      audit,
    );
    await expect(failing.delete(admin, 'devs')).rejects.toThrow('database down');
    expect(repo.groups.has('devs')).toBe(true);
  });

  it('is for administrators only', async () => {
    await service.create(admin, 'devs');
    for (const [principal, code] of [
      [ANONYMOUS_PRINCIPAL, ErrorCode.UNAUTHORIZED],
      [ALICE, ErrorCode.DENIED],
      [BUILDER_SA, ErrorCode.DENIED],
    ] as const) {
      const call = callOf(principal);
      for (const attempt of [
        () => service.create(call, 'ops'),
        () => service.list(call),
        () => service.get(call, 'devs'),
        () => service.delete(call, 'devs'),
        () => service.addMember(call, 'devs', 'alice'),
        () => service.removeMember(call, 'devs', 'alice'),
      ]) {
        await expect(attempt()).rejects.toMatchObject({ code });
      }
    }
    expect(forgotten).toEqual([]);
  });
});
