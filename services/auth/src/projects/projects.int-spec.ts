import { ErrorCode } from '@berth/errors';
import { Client } from 'pg';
import { startProjectsTestApp, type ProjectsTestApp } from './testing/projects-test-app';

// ProjectsService end to end over gRPC (real grpc-js client → Nest server → PostgreSQL): projects,
// visibility, members, role bindings (deletion: project-deletion.int-spec.ts). Metadata and distribution are in-memory fakes
// served over gRPC; the identity feature's ports are test doubles.
jest.setTimeout(60_000);

const code = (c: ErrorCode) => expect.objectContaining({ code: c });

describe('ProjectsService over gRPC (real PostgreSQL)', () => {
  let t: ProjectsTestApp;

  beforeAll(async () => {
    t = await startProjectsTestApp();
    await t.addUser('root', { admin: true });
    await t.addUser('alice');
    await t.addUser('bob');
    await t.addUser('carol', { groups: ['devs'] });
    await t.addGroup('devs');
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('creating projects', () => {
    it('makes the creator its admin and gives it the default and builder service accounts', async () => {
      const { project } = await t.client.createProject({ name: 'team-a', public: false }, t.as('alice'));
      expect(project).toMatchObject({
        name: 'team-a',
        public: false,
        createdBy: 'alice',
        repositoryCount: 0,
        callerRole: 'admin',
      });
      expect(Math.abs(Date.parse(project!.createdAt) - Date.now())).toBeLessThan(60_000);

      const { members } = await t.client.listMembers({ project: 'team-a' }, t.as('alice'));
      expect(members).toEqual([
        { subject: { kind: 'user', name: 'alice' }, role: 'admin', addedAt: expect.any(String) },
      ]);

      const { serviceAccounts } = await t.client.listServiceAccounts({ project: 'team-a' }, t.as('alice'));
      expect(serviceAccounts.map((sa) => [sa.name, sa.subject, sa.username])).toEqual([
        ['builder', 'system:serviceaccount:team-a:builder', 'team-a+builder'],
        ['default', 'system:serviceaccount:team-a:default', 'team-a+default'],
      ]);
      expect(serviceAccounts.every((sa) => sa.pullSecretCreatedAt !== '')).toBe(true);

      expect(t.audit.events).toContainEqual(
        expect.objectContaining({
          actor: 'alice',
          action: 'project.created',
          project: 'team-a',
          clientIp: '192.0.2.1',
        }),
      );
    });

    it('refuses anonymous callers (UNAUTHORIZED) and service accounts (DENIED)', async () => {
      await expect(t.client.createProject({ name: 'anon', public: true }, t.as())).rejects.toThrow(
        code(ErrorCode.UNAUTHORIZED),
      );
      t.callers.principals.set('team-a-builder', {
        kind: 'serviceaccount',
        subject: 'system:serviceaccount:team-a:builder',
        serviceAccountId: 'x',
        project: 'team-a',
        name: 'builder',
      });
      await expect(
        t.client.createProject({ name: 'bots', public: false }, t.as('team-a-builder')),
      ).rejects.toThrow(code(ErrorCode.DENIED));
    });

    it('validates the name and refuses a taken one', async () => {
      await expect(t.client.createProject({ name: 'Team-B', public: false }, t.as('bob'))).rejects.toThrow(
        code(ErrorCode.INVALID_ARGUMENT),
      );
      await expect(t.client.createProject({ name: 'x', public: false }, t.as('bob'))).rejects.toThrow(
        code(ErrorCode.INVALID_ARGUMENT),
      );
      await expect(t.client.createProject({ name: 'team-a', public: true }, t.as('bob'))).rejects.toThrow(
        code(ErrorCode.ALREADY_EXISTS),
      );
    });
  });

  describe('visibility', () => {
    beforeAll(async () => {
      await t.client.createProject({ name: 'open', public: true }, t.as('bob'));
      t.peers.repositories.add('open/app');
      t.peers.repositories.add('open/web');
      t.peers.repositories.add('opener/other');
    });

    it('answers NOT_FOUND for a private project exactly as for one that does not exist', async () => {
      const hidden = await t.client.getProject({ name: 'team-a' }, t.as('bob')).catch((e: Error) => e);
      const missing = await t.client.getProject({ name: 'team-zz' }, t.as('bob')).catch((e: Error) => e);
      expect(hidden).toMatchObject({ code: ErrorCode.NOT_FOUND, message: 'project "team-a" not found' });
      expect(missing).toMatchObject({ code: ErrorCode.NOT_FOUND, message: 'project "team-zz" not found' });
      for (const call of [
        () => t.client.listMembers({ project: 'team-a' }, t.as('bob')),
        () =>
          t.client.addMember(
            { project: 'team-a', subject: { kind: 'user', name: 'bob' }, role: 'admin' },
            t.as('bob'),
          ),
        () => t.client.listServiceAccounts({ project: 'team-a' }, t.as('bob')),
        () => t.client.deleteProject({ name: 'team-a', force: true }, t.as('bob')),
      ]) {
        await expect(call()).rejects.toThrow(code(ErrorCode.NOT_FOUND));
      }
    });

    it('shows public projects to everyone, counting their repositories', async () => {
      const asAnonymous = await t.client.getProject({ name: 'open' }, t.as());
      expect(asAnonymous.project).toMatchObject({
        name: 'open',
        public: true,
        repositoryCount: 2,
        callerRole: '',
      });
      const asOwner = await t.client.getProject({ name: 'open' }, t.as('bob'));
      expect(asOwner.project).toMatchObject({ callerRole: 'admin', repositoryCount: 2 });
    });

    it('lists only visible projects, in order, with paging', async () => {
      const names = async (key?: string, limit?: number, last?: string) => {
        const res = await t.client.listProjects({ limit, last }, t.as(key));
        return { names: res.projects.map((p) => `${p.name}:${p.callerRole || '-'}`), more: res.more };
      };
      expect(await names()).toEqual({ names: ['open:-'], more: false });
      expect(await names('bob')).toEqual({ names: ['open:admin'], more: false });
      expect(await names('alice')).toEqual({ names: ['open:-', 'team-a:admin'], more: false });
      expect(await names('root')).toEqual({ names: ['open:-', 'team-a:-'], more: false });
      expect(await names('root', 1)).toEqual({ names: ['open:-'], more: true });
      expect(await names('root', 1, 'open')).toEqual({ names: ['team-a:-'], more: false });
      await expect(t.client.listProjects({ limit: 5000 }, t.as('root'))).rejects.toThrow(
        code(ErrorCode.INVALID_ARGUMENT),
      );
    });

    it('lets project admins change visibility; others are DENIED, anonymous UNAUTHORIZED', async () => {
      await expect(t.client.updateProject({ name: 'open', public: false }, t.as('alice'))).rejects.toThrow(
        code(ErrorCode.DENIED),
      );
      await expect(t.client.updateProject({ name: 'open', public: false }, t.as())).rejects.toThrow(
        code(ErrorCode.UNAUTHORIZED),
      );
      const res = await t.client.updateProject({ name: 'open', public: false }, t.as('bob'));
      expect(res.project).toMatchObject({ public: false });
      await expect(t.client.getProject({ name: 'open' }, t.as('alice'))).rejects.toThrow(
        code(ErrorCode.NOT_FOUND),
      );
      await t.client.updateProject({ name: 'open', public: true }, t.as('bob'));
      expect(t.audit.events.filter((e) => e.action === 'project.visibility_changed')).toEqual([
        expect.objectContaining({ actor: 'bob', project: 'open', details: { public: 'false' } }),
        expect.objectContaining({ actor: 'bob', project: 'open', details: { public: 'true' } }),
      ]);
      const unchanged = await t.client.updateProject({ name: 'open' }, t.as('bob'));
      expect(unchanged.project).toMatchObject({ public: true });
    });

    it('answers anonymous callers UNAUTHORIZED for member-only calls, alike for private and missing projects', async () => {
      for (const name of ['team-a', 'no-such-project', 'open']) {
        await expect(t.client.listMembers({ project: name }, t.as())).rejects.toThrow(
          code(ErrorCode.UNAUTHORIZED),
        );
        await expect(
          t.client.addMember(
            { project: name, subject: { kind: 'user', name: 'alice' }, role: 'guest' },
            t.as(),
          ),
        ).rejects.toThrow(code(ErrorCode.UNAUTHORIZED));
      }
      // Reading a private or missing project is NOT_FOUND alike, for anonymous callers too.
      for (const name of ['team-a', 'no-such-project']) {
        await expect(t.client.getProject({ name }, t.as())).rejects.toThrow(code(ErrorCode.NOT_FOUND));
      }
    });

    it('filters catalog names to what the caller may pull', async () => {
      const names = ['team-a/app', 'open/app', 'nowhere/x', 'INVALID', 'open/web'];
      const visible = async (key?: string) =>
        (await t.client.filterVisibleRepositories({ repositories: names }, t.as(key))).repositories;
      expect(await visible()).toEqual(['open/app', 'open/web']);
      expect(await visible('alice')).toEqual(['team-a/app', 'open/app', 'open/web']);
      expect(await visible('root')).toEqual(['team-a/app', 'open/app', 'nowhere/x', 'open/web']);
    });
  });

  describe('members', () => {
    it('adds users with canonical roles; the new member sees the project', async () => {
      const { member } = await t.client.addMember(
        { project: 'team-a', subject: { kind: 'user', name: 'bob' }, role: 'operator' },
        t.as('alice'),
      );
      expect(member).toMatchObject({ subject: { kind: 'user', name: 'bob' }, role: 'developer' });
      await expect(t.client.getProject({ name: 'team-a' }, t.as('bob'))).resolves.toMatchObject({
        project: { callerRole: 'developer' },
      });
      expect(t.audit.events).toContainEqual(
        expect.objectContaining({
          action: 'member.added',
          target: 'user:bob',
          details: { role: 'developer' },
        }),
      );
    });

    it('lets only project admins (and registry admins) change members', async () => {
      await expect(
        t.client.addMember(
          { project: 'team-a', subject: { kind: 'user', name: 'carol' }, role: 'guest' },
          t.as('bob'),
        ),
      ).rejects.toThrow(code(ErrorCode.DENIED));
      const { member } = await t.client.addMember(
        { project: 'team-a', subject: { kind: 'group', name: 'devs' }, role: 'viewer' },
        t.as('root'),
      );
      expect(member).toMatchObject({ subject: { kind: 'group', name: 'devs' }, role: 'guest' });
      await expect(t.client.getProject({ name: 'team-a' }, t.as('carol'))).resolves.toMatchObject({
        project: { callerRole: 'guest' },
      });
    });

    it('never leaves a membership or binding naming a group deleted while it was added', async () => {
      await t.addGroup('racers');
      await t.client.createProject({ name: 'race-proj', public: false }, t.as('alice'));
      const deleter = new Client({ connectionString: t.db.url });
      await deleter.connect();
      try {
        // A group deletion as the identity feature runs it: lock the row, forget, delete, commit.
        await deleter.query('BEGIN');
        await deleter.query(`SELECT 1 FROM "auth"."user_groups" WHERE name = 'racers' FOR UPDATE`);
        for (const table of ['project_members', 'role_bindings'])
          await deleter.query(
            `DELETE FROM "auth"."${table}" WHERE subject_kind = 'group' AND subject_name = 'racers'`,
          );
        // Added after the deletion forgot the group's references, before it commits.
        const subject = { kind: 'group', name: 'racers' };
        const adding = t.client.addMember({ project: 'race-proj', subject, role: 'guest' }, t.as('alice'));
        const binding = t.client.addRoleBinding(
          { project: 'race-proj', role: 'image-puller', subject },
          t.as('alice'),
        );
        const settled = Promise.allSettled([adding, binding]);
        await new Promise((r) => setTimeout(r, 300));
        await deleter.query(`DELETE FROM "auth"."user_groups" WHERE name = 'racers'`);
        await deleter.query('COMMIT');
        const outcomes = await settled;
        expect(
          outcomes.map((o) => (o.status === 'rejected' ? (o.reason as { code: string }).code : 'added')),
        ).toEqual([ErrorCode.NOT_FOUND, ErrorCode.NOT_FOUND]);
        const left = await deleter.query(
          `SELECT 'member' FROM "auth"."project_members" WHERE subject_name = 'racers'
           UNION ALL SELECT 'binding' FROM "auth"."role_bindings" WHERE subject_name = 'racers'`,
        );
        expect(left.rows).toEqual([]);
      } finally {
        await deleter.end();
      }
    });

    it('checks subjects: users and groups must exist, implicit groups always do, service accounts cannot be members', async () => {
      const add = (kind: string, name: string) =>
        t.client.addMember({ project: 'team-a', subject: { kind, name }, role: 'guest' }, t.as('alice'));
      await expect(add('user', 'nobody')).rejects.toThrow(code(ErrorCode.NOT_FOUND));
      await expect(add('group', 'no-such-group')).rejects.toThrow(code(ErrorCode.NOT_FOUND));
      await expect(add('serviceaccount', 'team-a:default')).rejects.toThrow(code(ErrorCode.INVALID_ARGUMENT));
      await expect(add('user', 'bob')).rejects.toThrow(code(ErrorCode.ALREADY_EXISTS));
      await expect(add('group', 'serviceaccounts:open')).resolves.toMatchObject({
        member: { role: 'guest' },
      });
      await expect(
        t.client.addMember(
          { project: 'team-a', subject: { kind: 'user', name: 'carol' }, role: 'owner' },
          t.as('alice'),
        ),
      ).rejects.toThrow(code(ErrorCode.INVALID_ARGUMENT));
      await t.client.removeMember(
        { project: 'team-a', subject: { kind: 'group', name: 'serviceaccounts:open' } },
        t.as('alice'),
      );
    });

    it('lists members for members only', async () => {
      const { members } = await t.client.listMembers({ project: 'team-a' }, t.as('carol'));
      expect(members.map((m) => `${m.subject!.kind}:${m.subject!.name}=${m.role}`)).toEqual([
        'user:alice=admin',
        'user:bob=developer',
        'group:devs=guest',
      ]);
      await expect(t.client.listMembers({ project: 'open' }, t.as('alice'))).rejects.toThrow(
        code(ErrorCode.DENIED),
      );
    });

    it('never removes or downgrades the last admin', async () => {
      const alice = { kind: 'user', name: 'alice' };
      await expect(
        t.client.removeMember({ project: 'team-a', subject: alice }, t.as('alice')),
      ).rejects.toThrow(
        expect.objectContaining({ code: ErrorCode.CONFLICT, message: expect.stringContaining('last admin') }),
      );
      await expect(
        t.client.updateMember({ project: 'team-a', subject: alice, role: 'maintainer' }, t.as('alice')),
      ).rejects.toThrow(code(ErrorCode.CONFLICT));
      await t.client.updateMember(
        { project: 'team-a', subject: { kind: 'user', name: 'bob' }, role: 'administrator' },
        t.as('alice'),
      );
      await expect(
        t.client.updateMember({ project: 'team-a', subject: alice, role: 'maintainer' }, t.as('alice')),
      ).resolves.toMatchObject({ member: { role: 'maintainer' } });
      // Two concurrent demotions of the two admins: exactly one wins.
      await t.client.updateMember({ project: 'team-a', subject: alice, role: 'admin' }, t.as('bob'));
      const results = await Promise.allSettled([
        t.client.removeMember({ project: 'team-a', subject: alice }, t.as('root')),
        t.client.removeMember({ project: 'team-a', subject: { kind: 'user', name: 'bob' } }, t.as('root')),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const admins = (await t.client.listMembers({ project: 'team-a' }, t.as('root'))).members.filter(
        (m) => m.role === 'admin',
      );
      expect(admins).toHaveLength(1);
      // Put alice back as the admin for the rest of the suite.
      if (admins[0].subject!.name !== 'alice') {
        await t.client.addMember({ project: 'team-a', subject: alice, role: 'admin' }, t.as('root'));
        await t.client.updateMember(
          { project: 'team-a', subject: { kind: 'user', name: 'bob' }, role: 'developer' },
          t.as('root'),
        );
      } else {
        await t.client.addMember(
          { project: 'team-a', subject: { kind: 'user', name: 'bob' }, role: 'developer' },
          t.as('root'),
        );
      }
    });

    it('answers NOT_FOUND for a subject that is not a member', async () => {
      await expect(
        t.client.removeMember({ project: 'team-a', subject: { kind: 'user', name: 'root' } }, t.as('alice')),
      ).rejects.toThrow(code(ErrorCode.NOT_FOUND));
    });
  });

  describe('role bindings', () => {
    it('binds fine-grained roles to users, groups and service accounts of any project', async () => {
      const add = (role: string, kind: string, name: string) =>
        t.client.addRoleBinding({ project: 'open', role, subject: { kind, name } }, t.as('bob'));
      await expect(add('image-pusher', 'user', 'alice')).resolves.toMatchObject({
        binding: { project: 'open', role: 'image-pusher', subject: { kind: 'user', name: 'alice' } },
      });
      await add('image-builder', 'serviceaccount', 'system:serviceaccount:team-a:builder');
      await add('image-puller', 'group', 'authenticated');
      await expect(add('image-pusher', 'user', 'alice')).rejects.toThrow(code(ErrorCode.ALREADY_EXISTS));
      await expect(add('image-deleter', 'user', 'alice')).rejects.toThrow(code(ErrorCode.INVALID_ARGUMENT));
      await expect(add('image-puller', 'user', 'ghost')).rejects.toThrow(code(ErrorCode.NOT_FOUND));
      await expect(add('image-puller', 'serviceaccount', 'builder')).rejects.toThrow(
        code(ErrorCode.INVALID_ARGUMENT),
      );

      const { bindings } = await t.client.listRoleBindings({ project: 'open' }, t.as('bob'));
      expect(bindings.map((b) => `${b.role} ${b.subject!.kind}:${b.subject!.name}`)).toEqual([
        'image-builder serviceaccount:team-a:builder',
        'image-puller group:authenticated',
        'image-pusher user:alice',
      ]);
      const pushers = await t.client.listRoleBindings({ project: 'open', role: 'image-pusher' }, t.as('bob'));
      expect(pushers.bindings).toHaveLength(1);
      expect(t.audit.events).toContainEqual(
        expect.objectContaining({ action: 'rolebinding.added', target: 'serviceaccount:team-a:builder' }),
      );
    });

    it('lets members list and only admins change bindings', async () => {
      await expect(t.client.listRoleBindings({ project: 'open' }, t.as('alice'))).rejects.toThrow(
        code(ErrorCode.DENIED),
      );
      await expect(
        t.client.removeRoleBinding(
          { project: 'open', role: 'image-pusher', subject: { kind: 'user', name: 'alice' } },
          t.as('alice'),
        ),
      ).rejects.toThrow(code(ErrorCode.DENIED));
      await t.client.removeRoleBinding(
        { project: 'open', role: 'image-pusher', subject: { kind: 'user', name: 'alice' } },
        t.as('bob'),
      );
      await expect(
        t.client.removeRoleBinding(
          { project: 'open', role: 'image-pusher', subject: { kind: 'user', name: 'alice' } },
          t.as('bob'),
        ),
      ).rejects.toThrow(code(ErrorCode.NOT_FOUND));
    });
  });
});
