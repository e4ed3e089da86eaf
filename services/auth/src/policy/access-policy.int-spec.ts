import { PROJECT_ROLES, type ProjectRoles } from '../ports/project-roles.port';
import {
  SERVICE_ACCOUNT_CREDENTIALS,
  type ServiceAccountCredentials,
} from '../ports/service-account-credentials.port';
import { SUBJECT_REFERENCES, type SubjectReferences } from '../ports/subject-references.port';
import { startProjectsTestApp, type ProjectsTestApp } from '../projects/testing/projects-test-app';
import { ACCESS_POLICY, type AccessPolicy } from '../tokens/access-policy';
import { parseScopes } from '../tokens/scope-parser';
import { ANONYMOUS_PRINCIPAL, type Principal } from '../users/principal';

// The token policy against real PostgreSQL rows: memberships direct and through groups (user
// groups, `authenticated`, `serviceaccounts:<project>`), bindings to users, groups and service
// accounts of other projects, the service-account rules, public projects and global scope.
jest.setTimeout(60_000);

describe('the access policy on real rows', () => {
  let t: ProjectsTestApp;
  let policy: AccessPolicy;
  const p: Record<string, Principal> = {};

  /** "repo:actions" for each granted repository entry, for compact assertions. */
  async function grants(principal: Principal, ...scopes: string[]): Promise<string[]> {
    const granted = await policy.grant(principal, parseScopes(scopes.map((s) => `repository:${s}`)));
    return granted.map((g) => `${g.name}:${g.actions.join(',')}`);
  }

  async function serviceAccount(project: string, name: string): Promise<Principal> {
    const principal = await t.app
      .get<ServiceAccountCredentials>(SERVICE_ACCOUNT_CREDENTIALS)
      .byServiceAccountSubject(`system:serviceaccount:${project}:${name}`);
    return principal!;
  }

  beforeAll(async () => {
    t = await startProjectsTestApp();
    policy = t.app.get(ACCESS_POLICY);
    await t.addGroup('qa');
    p.root = await t.addUser('root', { admin: true });
    p.owner = await t.addUser('owner');
    p.maint = await t.addUser('maint');
    p.dev = await t.addUser('dev');
    p.guest = await t.addUser('guest');
    p.tester = await t.addUser('tester', { groups: ['qa'] });
    p.puller = await t.addUser('puller');
    p.pusher = await t.addUser('pusher');
    p.builderUser = await t.addUser('builder-user');
    p.stranger = await t.addUser('stranger');

    const as = t.as('owner');
    await t.client.createProject({ name: 'priv', public: false }, as);
    await t.client.createProject({ name: 'pub', public: true }, as);
    await t.client.createProject({ name: 'other', public: false }, as);
    await t.client.createProject({ name: 'third', public: false }, as);
    for (const [kind, name, role] of [
      ['user', 'maint', 'maintainer'],
      ['user', 'dev', 'developer'],
      ['user', 'guest', 'guest'],
      ['group', 'qa', 'developer'],
    ]) {
      await t.client.addMember({ project: 'priv', subject: { kind, name }, role }, as);
      await t.client.addMember({ project: 'pub', subject: { kind, name }, role }, as);
    }
    for (const [role, kind, name] of [
      ['image-puller', 'user', 'puller'],
      ['image-pusher', 'user', 'pusher'],
      ['image-builder', 'user', 'builder-user'],
      ['image-pusher', 'serviceaccount', 'other:default'],
    ]) {
      await t.client.addRoleBinding({ project: 'priv', role, subject: { kind, name } }, as);
      await t.client.addRoleBinding({ project: 'pub', role, subject: { kind, name } }, as);
    }
    // Every service account of "third" may pull from priv; every authenticated caller is a guest of "other".
    await t.client.addRoleBinding(
      { project: 'priv', role: 'image-puller', subject: { kind: 'group', name: 'serviceaccounts:third' } },
      as,
    );
    await t.client.addMember(
      { project: 'other', subject: { kind: 'group', name: 'authenticated' }, role: 'guest' },
      as,
    );

    p.privDefault = await serviceAccount('priv', 'default');
    p.privBuilder = await serviceAccount('priv', 'builder');
    p.otherDefault = await serviceAccount('other', 'default');
    p.otherBuilder = await serviceAccount('other', 'builder');
    p.thirdDefault = await serviceAccount('third', 'default');

    for (const repo of ['priv/app', 'pub/app', 'other/app', 'priv/base']) t.peers.repositories.add(repo);
    await t.client.setImageScope({ repository: 'priv/base', scope: 'global' }, as);
  });

  afterAll(async () => {
    await t?.close();
  });

  // Each row: principal, repository, expected actions on an existing stream (app) and on a new one (new).
  it.each<[string, string, string, string]>([
    ['root', 'priv', 'pull,push,delete', 'pull,push,delete'],
    ['owner', 'priv', 'pull,push,delete', 'pull,push,delete'],
    ['maint', 'priv', 'pull,push,delete', 'pull,push,delete'],
    ['dev', 'priv', 'pull,push', 'pull,push'],
    ['guest', 'priv', 'pull', 'pull'],
    ['tester', 'priv', 'pull,push', 'pull,push'],
    ['puller', 'priv', 'pull', 'pull'],
    ['pusher', 'priv', 'pull,push', 'pull'],
    ['builderUser', 'priv', 'pull,push', 'pull,push'],
    ['stranger', 'priv', '', ''],
    ['privDefault', 'priv', 'pull', 'pull'],
    ['privBuilder', 'priv', 'pull,push', 'pull,push'],
    ['otherDefault', 'priv', 'pull,push', 'pull'],
    ['otherBuilder', 'priv', '', ''],
    ['thirdDefault', 'priv', 'pull', 'pull'],
    ['anonymous', 'priv', '', ''],
    ['stranger', 'pub', 'pull', 'pull'],
    ['anonymous', 'pub', 'pull', 'pull'],
    ['pusher', 'pub', 'pull,push', 'pull'],
    ['guest', 'pub', 'pull', 'pull'],
    ['privBuilder', 'pub', 'pull', 'pull'],
    ['stranger', 'other', 'pull', 'pull'],
    ['privDefault', 'other', 'pull', 'pull'],
    ['anonymous', 'other', '', ''],
    ['stranger', 'nowhere', '', ''],
    ['root', 'nowhere', 'pull,push,delete', 'pull,push,delete'],
  ])('%s in %s: app → %s, new → %s', async (who, project, onExisting, onNew) => {
    const principal = who === 'anonymous' ? ANONYMOUS_PRINCIPAL : p[who];
    const granted = await grants(principal, `${project}/app:*`, `${project}/new:*`);
    const expected = [
      ...(onExisting ? [`${project}/app:${onExisting}`] : []),
      ...(onNew ? [`${project}/new:${onNew}`] : []),
    ];
    expect(granted).toEqual(expected);
  });

  it('lets every authenticated caller, but not anonymous, pull a global image of a private project', async () => {
    for (const who of ['stranger', 'otherBuilder']) {
      expect(await grants(p[who], 'priv/base:pull,push', 'priv/app:pull')).toEqual(['priv/base:pull']);
    }
    expect(await grants(ANONYMOUS_PRINCIPAL, 'priv/base:pull')).toEqual([]);
  });

  it('reports project roles through PROJECT_ROLES', async () => {
    const roles = t.app.get<ProjectRoles>(PROJECT_ROLES);
    expect(await roles.roleOf(p.owner, 'priv')).toBe('admin');
    expect(await roles.roleOf(p.tester, 'priv')).toBe('developer');
    expect(await roles.roleOf(p.pusher, 'priv')).toBeNull();
    expect(await roles.roleOf(p.stranger, 'other')).toBe('guest');
    expect(await roles.roleOf(p.root, 'priv')).toBeNull();
    expect(await roles.roleOf(p.owner, 'nowhere')).toBeNull();
    expect(await roles.roleOf(ANONYMOUS_PRINCIPAL, 'pub')).toBeNull();
  });

  it('forgets a deleted group everywhere through SUBJECT_REFERENCES', async () => {
    expect(await grants(p.tester, 'priv/app:push')).toEqual(['priv/app:push']);
    await t.app.get<SubjectReferences>(SUBJECT_REFERENCES).forget({ kind: 'group', name: 'qa' });
    expect(await grants(p.tester, 'priv/app:push', 'pub/app:pull')).toEqual(['pub/app:pull']);
    const rows: Array<{ n: number }> = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM "auth"."project_members" WHERE subject_kind = 'group' AND subject_name = 'qa'`,
    );
    expect(rows[0].n).toBe(0);
  });

  it('answers a typical docker request in one database round trip', async () => {
    const queries: string[] = [];
    const original = t.dataSource.query.bind(t.dataSource);
    const spy = jest.spyOn(t.dataSource, 'query').mockImplementation((q: string, params?: unknown[]) => {
      queries.push(q);
      return original(q, params);
    });
    try {
      await grants(p.dev, 'priv/app:pull,push', 'pub/app:pull', 'other/app:pull');
    } finally {
      spy.mockRestore();
    }
    expect(queries).toHaveLength(1);
  });
});
