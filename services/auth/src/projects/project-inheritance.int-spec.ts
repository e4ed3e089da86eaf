import { ErrorCode } from '@berth/errors';
import {
  SERVICE_ACCOUNT_CREDENTIALS,
  type ServiceAccountCredentials,
} from '../ports/service-account-credentials.port';
import { ACCESS_POLICY, type AccessPolicy } from '../tokens/access-policy';
import { parseScopes } from '../tokens/scope-parser';
import type { Principal } from '../users/principal';
import { startProjectsTestApp, type ProjectsTestApp } from './testing/projects-test-app';

// A new project inherits nothing made before it existed: not the repositories already in its
// namespace (only a registry admin may create it, adopting them), not the memberships and
// bindings that named its service accounts (gRPC, real PostgreSQL, fake metadata).
jest.setTimeout(60_000);

describe('creating a project inherits nothing (gRPC, real PostgreSQL)', () => {
  let t: ProjectsTestApp;

  beforeAll(async () => {
    t = await startProjectsTestApp();
    await t.addUser('root', { admin: true });
    await t.addUser('alice');
    await t.addUser('mallory');
    await t.client.createProject({ name: 'team-a', public: false }, t.as('alice'));
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('repositories already in the namespace', () => {
    beforeAll(() => {
      // Pushed by a registry admin into a namespace without a project, or left over by a token
      // issued before its project was deleted.
      t.peers.repositories.add('orphan/app');
    });

    it('refuses other users exactly as for a taken name', async () => {
      const taken = await t.client
        .createProject({ name: 'team-a', public: false }, t.as('mallory'))
        .catch((err: unknown) => err);
      const occupied = await t.client
        .createProject({ name: 'orphan', public: false }, t.as('mallory'))
        .catch((err: unknown) => err);
      expect(occupied).toMatchObject({
        code: ErrorCode.ALREADY_EXISTS,
        message: 'project "orphan" already exists',
      });
      expect(taken).toMatchObject({
        code: ErrorCode.ALREADY_EXISTS,
        message: 'project "team-a" already exists',
      });
      await expect(t.client.getProject({ name: 'orphan' }, t.as('root'))).rejects.toMatchObject({
        code: ErrorCode.NOT_FOUND,
      });
    });

    it('leaves namespaces that merely share a prefix free', async () => {
      const { project } = await t.client.createProject({ name: 'orphanage', public: false }, t.as('mallory'));
      expect(project).toMatchObject({ name: 'orphanage', repositoryCount: 0, callerRole: 'admin' });
    });

    it('lets a registry admin create it, adopting the repositories', async () => {
      const { project } = await t.client.createProject({ name: 'orphan', public: false }, t.as('root'));
      expect(project).toMatchObject({ name: 'orphan', repositoryCount: 1, callerRole: 'admin' });
      expect(t.audit.events).toContainEqual(
        expect.objectContaining({
          actor: 'root',
          action: 'project.created',
          project: 'orphan',
          details: { public: 'false', adoptedRepositories: '1' },
        }),
      );
      await expect(t.client.getProject({ name: 'orphan' }, t.as('mallory'))).rejects.toMatchObject({
        code: ErrorCode.NOT_FOUND,
      });
    });
  });

  describe('memberships and bindings naming its service accounts', () => {
    let policy: AccessPolicy;

    async function serviceAccount(project: string, name: string): Promise<Principal> {
      const principal = await t.app
        .get<ServiceAccountCredentials>(SERVICE_ACCOUNT_CREDENTIALS)
        .byServiceAccountSubject(`system:serviceaccount:${project}:${name}`);
      return principal!;
    }

    async function grants(principal: Principal, scope: string): Promise<string[]> {
      const granted = await policy.grant(principal, parseScopes([`repository:${scope}`]));
      return granted.map((g) => `${g.name}:${g.actions.join(',')}`);
    }

    beforeAll(() => {
      policy = t.app.get(ACCESS_POLICY);
      t.peers.repositories.add('team-a/app');
    });

    it('are dropped when the project is created', async () => {
      // Made while "ci" does not exist: accepted, so that they reveal nothing about it.
      const as = t.as('alice');
      await t.client.addRoleBinding(
        { project: 'team-a', role: 'image-builder', subject: { kind: 'group', name: 'serviceaccounts:ci' } },
        as,
      );
      await t.client.addRoleBinding(
        { project: 'team-a', role: 'image-pusher', subject: { kind: 'serviceaccount', name: 'ci:builder' } },
        as,
      );
      await t.client.addMember(
        { project: 'team-a', subject: { kind: 'group', name: 'serviceaccounts:ci' }, role: 'developer' },
        as,
      );

      await t.client.createProject({ name: 'ci', public: false }, t.as('mallory'));

      const builder = await serviceAccount('ci', 'builder');
      expect(await grants(builder, 'team-a/app:pull,push')).toEqual([]);
      expect((await t.client.listRoleBindings({ project: 'team-a' }, as)).bindings).toEqual([]);
      const { members } = await t.client.listMembers({ project: 'team-a' }, as);
      expect(members.map((m) => `${m.subject!.kind}:${m.subject!.name}`)).toEqual(['user:alice']);
    });

    it('made once the project exists, grant as usual', async () => {
      await t.client.addRoleBinding(
        { project: 'team-a', role: 'image-builder', subject: { kind: 'group', name: 'serviceaccounts:ci' } },
        t.as('alice'),
      );
      const builder = await serviceAccount('ci', 'builder');
      expect(await grants(builder, 'team-a/app:pull,push')).toEqual(['team-a/app:pull,push']);
    });
  });
});
