import { ErrorCode } from '@berth/errors';
import { countRows, startProjectsTestApp, type ProjectsTestApp } from './testing/projects-test-app';

// DeleteProject over gRPC with real PostgreSQL: refused while repositories remain, and with
// force the repositories (fake metadata and distribution peers), the project's rows and every
// reference to its service accounts from other projects are deleted.
jest.setTimeout(60_000);

const code = (c: ErrorCode) => expect.objectContaining({ code: c });

describe('deleting projects (gRPC, real PostgreSQL)', () => {
  let t: ProjectsTestApp;

  beforeAll(async () => {
    t = await startProjectsTestApp();
    await t.addUser('root', { admin: true });
    await t.addUser('alice');
    await t.addUser('bob');
    await t.addUser('carol');
    await t.client.createProject({ name: 'team-a', public: false }, t.as('alice'));
    await t.client.createProject({ name: 'open', public: true }, t.as('bob'));
    await t.client.addRoleBinding(
      { project: 'open', role: 'image-pusher', subject: { kind: 'user', name: 'alice' } },
      t.as('bob'),
    );
    await t.client.addRoleBinding(
      { project: 'open', role: 'image-builder', subject: { kind: 'serviceaccount', name: 'team-a:builder' } },
      t.as('bob'),
    );
    for (const repo of ['open/app', 'open/web', 'opener/other']) t.peers.repositories.add(repo);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('refuses while the project holds repositories, unless forced', async () => {
    await expect(t.client.deleteProject({ name: 'open', force: false }, t.as('alice'))).rejects.toThrow(
      code(ErrorCode.DENIED),
    );
    await expect(t.client.deleteProject({ name: 'open', force: false }, t.as('bob'))).rejects.toThrow(
      expect.objectContaining({
        code: ErrorCode.CONFLICT,
        message: 'project "open" holds 2 repositories; use --force to delete them with it',
      }),
    );
    expect(t.peers.repositories.has('open/app')).toBe(true);
  });

  it('with force deletes its repositories, its rows, and every reference to its service accounts', async () => {
    // References to open's service accounts from team-a.
    await t.client.addRoleBinding(
      {
        project: 'team-a',
        role: 'image-puller',
        subject: { kind: 'serviceaccount', name: 'open:default' },
      },
      t.as('alice'),
    );
    await t.client.addMember(
      { project: 'team-a', subject: { kind: 'group', name: 'serviceaccounts:open' }, role: 'guest' },
      t.as('alice'),
    );
    await t.client.createRegistryCredential(
      { project: 'open', name: 'quay', server: 'quay.io', username: 'u', password: 'p', email: '' },
      t.as('bob'),
    );
    const before = await countRows(t.dataSource);

    const res = await t.client.deleteProject({ name: 'open', force: true }, t.as('bob'));
    expect(res.deletedRepositories).toEqual(['open/app', 'open/web']);
    expect(t.peers.metadataDeletes).toEqual(['open/app by bob', 'open/web by bob']);
    expect(t.peers.distributionDeletes).toEqual(['open/app', 'open/web']);
    expect([...t.peers.repositories]).toEqual(['opener/other']);

    const after = await countRows(t.dataSource);
    expect(after).toEqual({
      projects: before.projects - 1,
      project_members: before.project_members - 2, // bob in open; serviceaccounts:open in team-a
      role_bindings: before.role_bindings - 3, // two in open; open:default in team-a
      service_accounts: before.service_accounts - 2,
      image_scopes: before.image_scopes,
      registry_credentials: before.registry_credentials - 1,
    });
    await expect(t.client.getProject({ name: 'open' }, t.as('root'))).rejects.toThrow(
      code(ErrorCode.NOT_FOUND),
    );
    expect(t.audit.events).toContainEqual(
      expect.objectContaining({
        action: 'project.deleted',
        project: 'open',
        details: { repositories: '2' },
      }),
    );
  });

  it('lets a project created again under the same name start empty', async () => {
    const { project } = await t.client.createProject({ name: 'open', public: false }, t.as('carol'));
    expect(project).toMatchObject({ callerRole: 'admin', repositoryCount: 0 });
    const { members } = await t.client.listMembers({ project: 'open' }, t.as('carol'));
    expect(members.map((m) => m.subject!.name)).toEqual(['carol']);
    expect((await t.client.listRoleBindings({ project: 'open' }, t.as('carol'))).bindings).toEqual([]);
    await expect(t.client.getProject({ name: 'open' }, t.as('bob'))).rejects.toThrow(
      code(ErrorCode.NOT_FOUND),
    );
  });

  it('with force also deletes what was pushed into the namespace during the deletion', async () => {
    await t.client.createProject({ name: 'racy', public: false }, t.as('carol'));
    t.peers.repositories.add('racy/app');
    // A push with a token issued before the deletion lands while it runs.
    t.peers.afterDistributionDelete = (repository) => {
      if (repository === 'racy/app') t.peers.repositories.add('racy/late');
    };
    try {
      const res = await t.client.deleteProject({ name: 'racy', force: true }, t.as('carol'));
      expect(res.deletedRepositories).toEqual(['racy/app', 'racy/late']);
    } finally {
      t.peers.afterDistributionDelete = undefined;
    }
    expect([...t.peers.repositories].filter((r) => r.startsWith('racy/'))).toEqual([]);
    expect(t.audit.events).toContainEqual(
      expect.objectContaining({ action: 'project.deleted', project: 'racy', details: { repositories: '2' } }),
    );
  });

  it('gives up after a few rounds of late pushes; the leftovers are adopted only by a registry admin', async () => {
    await t.client.createProject({ name: 'busy', public: false }, t.as('carol'));
    t.peers.repositories.add('busy/app-0');
    let pushes = 0;
    t.peers.afterDistributionDelete = (repository) => {
      if (repository.startsWith('busy/')) t.peers.repositories.add(`busy/app-${++pushes}`);
    };
    try {
      const res = await t.client.deleteProject({ name: 'busy', force: true }, t.as('carol'));
      expect(res.deletedRepositories).toEqual(['busy/app-0', 'busy/app-1', 'busy/app-2', 'busy/app-3']);
    } finally {
      t.peers.afterDistributionDelete = undefined;
    }
    expect([...t.peers.repositories].filter((r) => r.startsWith('busy/'))).toEqual(['busy/app-4']);
    await expect(t.client.createProject({ name: 'busy', public: false }, t.as('carol'))).rejects.toThrow(
      code(ErrorCode.ALREADY_EXISTS),
    );
    const { project } = await t.client.createProject({ name: 'busy', public: false }, t.as('root'));
    expect(project).toMatchObject({ repositoryCount: 1, createdBy: 'root' });
  });

  it('stops deleting late pushes once a registry admin has created the project again', async () => {
    await t.client.createProject({ name: 'again', public: false }, t.as('carol'));
    t.peers.repositories.add('again/app');
    t.peers.afterDistributionDelete = async (repository) => {
      if (repository === 'again/app') t.peers.repositories.add('again/late');
      if (repository === 'again/late') {
        await t.client.createProject({ name: 'again', public: false }, t.as('root'));
        t.peers.repositories.add('again/new');
      }
    };
    try {
      const res = await t.client.deleteProject({ name: 'again', force: true }, t.as('carol'));
      expect(res.deletedRepositories).toEqual(['again/app', 'again/late']);
    } finally {
      t.peers.afterDistributionDelete = undefined;
    }
    const { project } = await t.client.getProject({ name: 'again' }, t.as('root'));
    expect(project).toMatchObject({ createdBy: 'root', repositoryCount: 1 });
  });

  it('deletes an empty project without force', async () => {
    await t.client.createProject({ name: 'scratch', public: false }, t.as('carol'));
    await expect(t.client.deleteProject({ name: 'scratch', force: false }, t.as('carol'))).resolves.toEqual({
      deletedRepositories: [],
    });
  });
});
