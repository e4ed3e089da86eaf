import { GatewayHarness } from '../testing/gateway-harness';

const BASIC = `Basic ${Buffer.from('alice:bpat_1_secret').toString('base64')}`;

interface Case {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
  /** The client method called, and the request it must get. */
  rpc: string;
  request: unknown;
  status: 200 | 201 | 204;
}

/** Every route of the brief: path, query and body → the gRPC request. */
const CASES: Case[] = [
  { method: 'GET', url: '/api/v1/whoami', rpc: 'whoAmI', request: {}, status: 200 },
  {
    method: 'GET',
    url: '/api/v1/users?limit=5&last=bob&other=x',
    rpc: 'listUsers',
    request: { limit: 5, last: 'bob' },
    status: 200,
  },
  {
    method: 'POST',
    url: '/api/v1/users',
    body: { username: 'carol', registryAdmin: true, unknownField: { ignored: 1 } },
    rpc: 'createUser',
    request: { username: 'carol', registryAdmin: true },
    status: 201,
  },
  {
    method: 'POST',
    url: '/api/v1/users',
    body: { username: 'dave', password: 'pw' },
    rpc: 'createUser',
    request: { username: 'dave', password: 'pw', registryAdmin: false },
    status: 201,
  },
  { method: 'GET', url: '/api/v1/users/carol', rpc: 'getUser', request: { username: 'carol' }, status: 200 },
  {
    method: 'PATCH',
    url: '/api/v1/users/carol',
    body: { disabled: true, username: 'not-from-body' },
    rpc: 'updateUser',
    request: { username: 'carol', disabled: true },
    status: 200,
  },
  {
    method: 'POST',
    url: '/api/v1/users/carol/password',
    body: { currentPassword: 'old', newPassword: 'new' },
    rpc: 'changePassword',
    request: { username: 'carol', currentPassword: 'old', newPassword: 'new' },
    status: 200,
  },
  {
    method: 'GET',
    url: '/api/v1/users/carol/tokens',
    rpc: 'listApiTokens',
    request: { username: 'carol' },
    status: 200,
  },
  {
    method: 'POST',
    url: '/api/v1/users/carol/tokens',
    body: { name: 'ci', expiresInDays: 0 },
    rpc: 'createApiToken',
    request: { username: 'carol', name: 'ci', expiresInDays: 0 },
    status: 201,
  },
  {
    method: 'DELETE',
    url: '/api/v1/users/carol/tokens/berth-cli%40host',
    rpc: 'revokeApiToken',
    request: { username: 'carol', name: 'berth-cli@host' },
    status: 204,
  },
  { method: 'GET', url: '/api/v1/groups', rpc: 'listGroups', request: {}, status: 200 },
  {
    method: 'POST',
    url: '/api/v1/groups',
    body: { name: 'devs' },
    rpc: 'createGroup',
    request: { name: 'devs' },
    status: 201,
  },
  { method: 'GET', url: '/api/v1/groups/devs', rpc: 'getGroup', request: { name: 'devs' }, status: 200 },
  {
    method: 'DELETE',
    url: '/api/v1/groups/devs',
    rpc: 'deleteGroup',
    request: { name: 'devs' },
    status: 204,
  },
  {
    method: 'PUT',
    url: '/api/v1/groups/devs/members/carol',
    rpc: 'addGroupMember',
    request: { group: 'devs', username: 'carol' },
    status: 200,
  },
  {
    method: 'DELETE',
    url: '/api/v1/groups/devs/members/carol',
    rpc: 'removeGroupMember',
    request: { group: 'devs', username: 'carol' },
    status: 200,
  },
  {
    method: 'GET',
    url: '/api/v1/audit-events?project=team-a&action=member.added&actor=alice&limit=10&before=ev-9',
    rpc: 'listAuditEvents',
    request: { project: 'team-a', action: 'member.added', actor: 'alice', limit: 10, before: 'ev-9' },
    status: 200,
  },
  { method: 'GET', url: '/api/v1/audit-events', rpc: 'listAuditEvents', request: {}, status: 200 },
  { method: 'GET', url: '/api/v1/projects?limit=0', rpc: 'listProjects', request: { limit: 0 }, status: 200 },
  {
    method: 'POST',
    url: '/api/v1/projects',
    body: { name: 'team-a', public: true },
    rpc: 'createProject',
    request: { name: 'team-a', public: true },
    status: 201,
  },
  {
    method: 'GET',
    url: '/api/v1/projects/team-a',
    rpc: 'getProject',
    request: { name: 'team-a' },
    status: 200,
  },
  {
    method: 'PATCH',
    url: '/api/v1/projects/team-a',
    body: { public: false },
    rpc: 'updateProject',
    request: { name: 'team-a', public: false },
    status: 200,
  },
  {
    method: 'DELETE',
    url: '/api/v1/projects/team-a?force=true',
    rpc: 'deleteProject',
    request: { name: 'team-a', force: true },
    status: 200,
  },
  {
    method: 'DELETE',
    url: '/api/v1/projects/team-a',
    rpc: 'deleteProject',
    request: { name: 'team-a', force: false },
    status: 200,
  },
  {
    method: 'GET',
    url: '/api/v1/projects/team-a/members',
    rpc: 'listMembers',
    request: { project: 'team-a' },
    status: 200,
  },
  {
    method: 'POST',
    url: '/api/v1/projects/team-a/members',
    body: { subject: { kind: 'group', name: 'devs', x: 1 }, role: 'operator' },
    rpc: 'addMember',
    request: { project: 'team-a', subject: { kind: 'group', name: 'devs' }, role: 'operator' },
    status: 201,
  },
  {
    method: 'PATCH',
    url: '/api/v1/projects/team-a/members/user/bob',
    body: { role: 'maintainer' },
    rpc: 'updateMember',
    request: { project: 'team-a', subject: { kind: 'user', name: 'bob' }, role: 'maintainer' },
    status: 200,
  },
  {
    method: 'DELETE',
    url: '/api/v1/projects/team-a/members/user/bob',
    rpc: 'removeMember',
    request: { project: 'team-a', subject: { kind: 'user', name: 'bob' } },
    status: 204,
  },
  {
    method: 'GET',
    url: '/api/v1/projects/team-a/rolebindings?role=image-puller',
    rpc: 'listRoleBindings',
    request: { project: 'team-a', role: 'image-puller' },
    status: 200,
  },
  {
    method: 'POST',
    url: '/api/v1/projects/team-a/rolebindings',
    body: { role: 'image-builder', subject: { kind: 'serviceaccount', name: 'team-b:builder' } },
    rpc: 'addRoleBinding',
    request: {
      project: 'team-a',
      role: 'image-builder',
      subject: { kind: 'serviceaccount', name: 'team-b:builder' },
    },
    status: 201,
  },
  {
    method: 'DELETE',
    url: '/api/v1/projects/team-a/rolebindings/image-builder/serviceaccount/team-b%3Abuilder',
    rpc: 'removeRoleBinding',
    request: {
      project: 'team-a',
      role: 'image-builder',
      subject: { kind: 'serviceaccount', name: 'team-b:builder' },
    },
    status: 204,
  },
  {
    method: 'GET',
    url: '/api/v1/projects/team-a/serviceaccounts',
    rpc: 'listServiceAccounts',
    request: { project: 'team-a' },
    status: 200,
  },
  {
    method: 'POST',
    url: '/api/v1/projects/team-a/serviceaccounts',
    body: { name: 'deployer' },
    rpc: 'createServiceAccount',
    request: { project: 'team-a', name: 'deployer' },
    status: 201,
  },
  {
    method: 'DELETE',
    url: '/api/v1/projects/team-a/serviceaccounts/deployer',
    rpc: 'deleteServiceAccount',
    request: { project: 'team-a', name: 'deployer' },
    status: 204,
  },
  {
    method: 'GET',
    url: '/api/v1/projects/team-a/serviceaccounts/builder/pull-secret',
    rpc: 'getPullSecret',
    request: { project: 'team-a', name: 'builder' },
    status: 200,
  },
  {
    method: 'POST',
    url: '/api/v1/projects/team-a/serviceaccounts/builder/pull-secret',
    rpc: 'rotatePullSecret',
    request: { project: 'team-a', name: 'builder' },
    status: 200,
  },
  {
    method: 'DELETE',
    url: '/api/v1/projects/team-a/serviceaccounts/builder/pull-secret',
    rpc: 'revokePullSecret',
    request: { project: 'team-a', name: 'builder' },
    status: 204,
  },
  {
    method: 'GET',
    url: '/api/v1/projects/team-a/secrets',
    rpc: 'listRegistryCredentials',
    request: { project: 'team-a' },
    status: 200,
  },
  {
    method: 'POST',
    url: '/api/v1/projects/team-a/secrets',
    body: { name: 'quay', server: 'quay.io', username: 'robot', password: 'pw' },
    rpc: 'createRegistryCredential',
    request: {
      project: 'team-a',
      name: 'quay',
      server: 'quay.io',
      username: 'robot',
      password: 'pw',
      email: '',
    },
    status: 201,
  },
  {
    method: 'DELETE',
    url: '/api/v1/projects/team-a/secrets/quay',
    rpc: 'deleteRegistryCredential',
    request: { project: 'team-a', name: 'quay' },
    status: 204,
  },
  {
    method: 'GET',
    url: '/api/v1/repositories/team-a/tools/app/scope',
    rpc: 'getImageScope',
    request: { repository: 'team-a/tools/app' },
    status: 200,
  },
  {
    method: 'GET',
    url: '/api/v1/repositories/team-a%2Fapp/scope',
    rpc: 'getImageScope',
    request: { repository: 'team-a/app' },
    status: 200,
  },
  {
    method: 'PUT',
    url: '/api/v1/repositories/team-a/app/scope',
    body: { scope: 'global' },
    rpc: 'setImageScope',
    request: { repository: 'team-a/app', scope: 'global' },
    status: 200,
  },
];

describe('gateway /api/v1 routes (fake auth services)', () => {
  const h = new GatewayHarness();
  const management = () => h.peers.management;

  beforeAll(() => h.start());
  afterAll(() => h.close());
  beforeEach(() => management().reset());

  it.each(CASES)('$method $url → $rpc', async ({ method, url, body, rpc, request, status }) => {
    const answer = { answeredBy: rpc, nested: { user: null } };
    management().answer(rpc, answer);
    const res = await h.app.inject({
      method,
      url,
      headers: {
        authorization: BASIC,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.statusCode).toBe(status);
    expect(res.headers['cache-control']).toBe('no-store');
    if (status === 204) expect(res.body).toBe('');
    else
      expect([res.headers['content-type'], res.json()]).toEqual(['application/json; charset=utf-8', answer]);
    const calls = management().calls;
    expect(calls.map((c) => c.method)).toEqual([rpc]);
    expect(calls[0].request).toEqual(request);
    expect(calls[0].metadata).toEqual({ authorization: BASIC, 'berth-client-ip': '127.0.0.1' });
  });

  it('forwards Bearer tokens unchanged and sends no authorization for anonymous callers', async () => {
    await h.app.inject({
      method: 'GET',
      url: '/api/v1/projects',
      headers: { authorization: 'Bearer a.b.c' },
    });
    await h.app.inject({ method: 'GET', url: '/api/v1/projects' });
    expect(management().calls.map((c) => c.metadata)).toEqual([
      { authorization: 'Bearer a.b.c', 'berth-client-ip': '127.0.0.1' },
      { 'berth-client-ip': '127.0.0.1' },
    ]);
  });

  it('forwards the client address as Fastify sees it', async () => {
    await h.app.inject({ method: 'GET', url: '/api/v1/whoami', remoteAddress: '203.0.113.7' });
    expect(management().calls[0].metadata).toEqual({ 'berth-client-ip': '203.0.113.7' });
  });

  it('serves the OpenAPI document without calling auth', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/v1/projects/{project}/members/{kind}/{name}');
    expect(doc.components.schemas.CreateUserResponse.properties.generatedPassword.type).toBe('string');
    expect(management().calls).toEqual([]);
  });
});
