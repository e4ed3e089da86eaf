import { ANONYMOUS_PRINCIPAL, type Principal } from '../users/principal';
import { parseScopes } from '../tokens/scope-parser';
import type { PolicyRepository, ProjectFactsRecord } from './policy.repository';
import { ProjectAccessPolicy } from './project-access-policy';
import type { RepositoryCatalog } from './repository-catalog';
import type { BindingRole, ProjectRole } from './roles';

const alice: Principal = {
  kind: 'user',
  subject: 'alice',
  userId: 'u1',
  username: 'alice',
  isAdmin: false,
  groups: [],
};
const root: Principal = {
  kind: 'user',
  subject: 'root',
  userId: 'u0',
  username: 'root',
  isAdmin: true,
  groups: [],
};
const builder: Principal = {
  kind: 'serviceaccount',
  subject: 'system:serviceaccount:team:builder',
  serviceAccountId: 'sa1',
  project: 'team',
  name: 'builder',
};

function project(
  name: string,
  over: { public?: boolean; members?: ProjectRole[]; bindings?: BindingRole[]; global?: string[] } = {},
): ProjectFactsRecord {
  return {
    id: `id-${name}`,
    name,
    public: over.public ?? false,
    createdAt: new Date(0),
    createdBy: 'admin',
    memberRoles: over.members ?? [],
    bindingRoles: over.bindings ?? [],
    globalRepositories: new Set(over.global ?? []),
  };
}

function setup(projects: ProjectFactsRecord[], existing: string[] = []) {
  const factsOf = jest.fn(async (_p: Principal, names: readonly string[]) => {
    return new Map(projects.filter((p) => names.includes(p.name)).map((p) => [p.name, p]));
  });
  const exists = jest.fn(async (repository: string) => existing.includes(repository));
  const catalog: RepositoryCatalog = {
    exists,
    listNamespace: jest.fn(),
    countNamespace: jest.fn(),
    namespaceOccupied: jest.fn(),
    delete: jest.fn(),
  };
  const policy = new ProjectAccessPolicy({ factsOf } as unknown as PolicyRepository, catalog);
  return { policy, factsOf, exists };
}

describe('ProjectAccessPolicy.grant', () => {
  it('asks the database once for every requested project, deduplicated', async () => {
    const { policy, factsOf } = setup([
      project('team', { members: ['developer'] }),
      project('pub', { public: true }),
    ]);
    const granted = await policy.grant(
      alice,
      parseScopes([
        'repository:team/app:pull,push',
        'repository:team/web:pull',
        'repository:pub/base:pull,push',
      ]),
    );
    expect(granted).toEqual([
      { type: 'repository', name: 'team/app', actions: ['pull', 'push'] },
      { type: 'repository', name: 'team/web', actions: ['pull'] },
      { type: 'repository', name: 'pub/base', actions: ['pull'] },
    ]);
    expect(factsOf).toHaveBeenCalledTimes(1);
    expect(factsOf).toHaveBeenCalledWith(alice, ['team', 'pub'], ['team/app', 'team/web', 'pub/base']);
  });

  it('grants registry administrators everything asked without a query, even in no project', async () => {
    const { policy, factsOf } = setup([]);
    await expect(policy.grant(root, parseScopes(['repository:nowhere/app:*']))).resolves.toEqual([
      { type: 'repository', name: 'nowhere/app', actions: ['pull', 'push', 'delete'] },
    ]);
    expect(factsOf).not.toHaveBeenCalled();
  });

  it('grants the catalog to everyone, anonymous callers included, without a query', async () => {
    const { policy, factsOf } = setup([]);
    await expect(policy.grant(ANONYMOUS_PRINCIPAL, parseScopes(['registry:catalog:*']))).resolves.toEqual([
      { type: 'registry', name: 'catalog', actions: ['*'] },
    ]);
    expect(factsOf).not.toHaveBeenCalled();
  });

  it('lets an image-pusher push only to streams that exist, asking metadata only then', async () => {
    const { policy, exists } = setup([project('team', { bindings: ['image-pusher'] })], ['team/app']);
    await expect(
      policy.grant(alice, parseScopes(['repository:team/app:pull,push', 'repository:team/new:pull,push'])),
    ).resolves.toEqual([
      { type: 'repository', name: 'team/app', actions: ['pull', 'push'] },
      { type: 'repository', name: 'team/new', actions: ['pull'] },
    ]);
    expect(exists.mock.calls.map(([r]) => r).sort()).toEqual(['team/app', 'team/new']);
  });

  it('lets the builder service account create streams in its own project only', async () => {
    const { policy, exists } = setup([project('team'), project('other')]);
    await expect(
      policy.grant(builder, parseScopes(['repository:team/new:pull,push', 'repository:other/app:pull,push'])),
    ).resolves.toEqual([{ type: 'repository', name: 'team/new', actions: ['pull', 'push'] }]);
    expect(exists).not.toHaveBeenCalled();
  });

  it('grants pull on a global repository of a private project to authenticated callers only', async () => {
    const { policy } = setup([project('team', { global: ['team/base'] })]);
    const scopes = parseScopes(['repository:team/base:pull,push', 'repository:team/secret:pull']);
    await expect(policy.grant(alice, scopes)).resolves.toEqual([
      { type: 'repository', name: 'team/base', actions: ['pull'] },
    ]);
    await expect(policy.grant(ANONYMOUS_PRINCIPAL, scopes)).resolves.toEqual([]);
  });

  it('grants nothing in a project that does not exist', async () => {
    const { policy } = setup([]);
    await expect(policy.grant(alice, parseScopes(['repository:ghost/app:pull']))).resolves.toEqual([]);
  });

  it('propagates a metadata failure rather than guessing', async () => {
    const { policy, exists } = setup([project('team', { bindings: ['image-pusher'] })]);
    exists.mockRejectedValueOnce(new Error('metadata down'));
    await expect(policy.grant(alice, parseScopes(['repository:team/app:push']))).rejects.toThrow(
      'metadata down',
    );
  });
});

describe('ProjectAccessPolicy.filterPullable', () => {
  it('keeps, in order, the repositories the caller may pull, with one query', async () => {
    const { policy, factsOf } = setup([
      project('pub', { public: true }),
      project('team', { members: ['guest'] }),
      project('secret', { global: ['secret/base'] }),
    ]);
    const names = ['team/app', 'secret/app', 'pub/x', 'ghost/y', 'secret/base'];
    await expect(policy.filterPullable(alice, names)).resolves.toEqual(['team/app', 'pub/x', 'secret/base']);
    await expect(policy.filterPullable(ANONYMOUS_PRINCIPAL, names)).resolves.toEqual(['pub/x']);
    expect(factsOf).toHaveBeenCalledTimes(2);
  });

  it('keeps everything for registry administrators', async () => {
    const { policy, factsOf } = setup([]);
    await expect(policy.filterPullable(root, ['a/b', 'c/d'])).resolves.toEqual(['a/b', 'c/d']);
    expect(factsOf).not.toHaveBeenCalled();
  });
});
