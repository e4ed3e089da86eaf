import { apiError, FakeRegistry } from '../testing/fake-registry';
import { readYaml } from '../testing/read-yaml';
import { runBerth, storeLogin, tempHome } from '../testing/run-berth';

const SA = {
  project: 'team-a',
  name: 'default',
  subject: 'system:serviceaccount:team-a:default',
  username: 'team-a+default',
  createdAt: 'c1',
  pullSecretCreatedAt: 'p1',
};
const PULL = {
  serviceAccount: SA,
  pullSecret: { username: 'team-a+default', password: 'bsat_p1_secret', createdAt: 'p1' },
};

describe('berth serviceaccount', () => {
  let registry: FakeRegistry;
  let home: string;
  const sent = () => registry.requests.map((q) => [q.method, q.path, q.json]);
  const PATH = '/api/v1/projects/team-a/serviceaccounts/default/pull-secret';

  beforeEach(async () => {
    registry = await new FakeRegistry().start();
    home = tempHome();
    storeLogin(home, { url: registry.url });
  });
  afterEach(() => registry.stop());

  it('create, list and delete', async () => {
    registry.on('POST', '/api/v1/projects/team-a/serviceaccounts', {
      status: 201,
      body: { serviceAccount: { ...SA, name: 'ci' } },
    });
    registry.on('GET', '/api/v1/projects/team-a/serviceaccounts', {
      body: {
        serviceAccounts: [
          SA,
          { ...SA, name: 'builder', username: 'team-a+builder', pullSecretCreatedAt: '' },
        ],
      },
    });
    registry.on('DELETE', '/api/v1/projects/team-a/serviceaccounts/ci', { status: 204 });
    const created = await runBerth(['serviceaccount', 'create', 'ci', '-n', 'team-a'], { home });
    const listed = await runBerth(['serviceaccount', 'list', '-n', 'team-a'], { home });
    const deleted = await runBerth(['sa', 'delete', 'ci', '-n', 'team-a'], { home });
    expect(sent()).toEqual([
      ['POST', '/api/v1/projects/team-a/serviceaccounts', { name: 'ci' }],
      ['GET', '/api/v1/projects/team-a/serviceaccounts', undefined],
      ['DELETE', '/api/v1/projects/team-a/serviceaccounts/ci', undefined],
    ]);
    expect(created.stdout).toContain(
      'name:     ci\nproject:  team-a\nsubject:  system:serviceaccount:team-a:default\n',
    );
    expect(listed.stdout).toBe(
      [
        'NAME     USERNAME        CREATED  PULL SECRET',
        'default  team-a+default  c1       since p1',
        'builder  team-a+builder  c1       revoked',
        '',
      ].join('\n'),
    );
    expect(deleted.stdout).toBe('service account team-a:ci deleted\n');
  });

  it('pull-secret prints a kubernetes.io/dockerconfigjson Secret as YAML for this registry', async () => {
    registry.on('GET', PATH, { body: PULL });
    const r = await runBerth(
      ['serviceaccount', 'pull-secret', 'default', '-n', 'team-a', '--namespace', 'apps'],
      { home },
    );
    expect(r.code).toBe(0);
    expect(sent()).toEqual([['GET', PATH, undefined]]);
    const b64 = Buffer.from(
      JSON.stringify({
        auths: {
          [registry.host]: {
            username: 'team-a+default',
            password: 'bsat_p1_secret',
            auth: Buffer.from('team-a+default:bsat_p1_secret').toString('base64'),
          },
        },
      }),
    ).toString('base64');
    expect(r.stdout).toBe(
      [
        'apiVersion: v1',
        'kind: Secret',
        'metadata:',
        '  name: team-a-default-pull-secret',
        '  namespace: apps',
        'type: kubernetes.io/dockerconfigjson',
        'data:',
        `  .dockerconfigjson: ${b64}`,
        '',
      ].join('\n'),
    );
    expect(readYaml(r.stdout)).toMatchObject({ data: { '.dockerconfigjson': b64 } });
  });

  it('pull-secret -o json prints the Secret object; --secret-name names it', async () => {
    registry.on('GET', PATH, { body: PULL });
    const r = await runBerth(
      ['sa', 'pull-secret', 'default', '-n', 'team-a', '--secret-name', 'regcred', '-o', 'json'],
      { home },
    );
    const secret = JSON.parse(r.stdout);
    expect(secret).toMatchObject({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'regcred' },
      type: 'kubernetes.io/dockerconfigjson',
    });
    expect(secret.metadata.namespace).toBeUndefined();
    const auths = JSON.parse(Buffer.from(secret.data['.dockerconfigjson'], 'base64').toString()).auths;
    expect(Object.keys(auths)).toEqual([registry.host]);
  });

  it('pull-secret --rotate POSTs and prints the new secret', async () => {
    registry.on('POST', PATH, {
      body: { ...PULL, pullSecret: { ...PULL.pullSecret, password: 'bsat_p2_new' } },
    });
    const r = await runBerth(['sa', 'pull-secret', 'default', '-n', 'team-a', '--rotate', '-o', 'json'], {
      home,
    });
    expect(sent()).toEqual([['POST', PATH, {}]]);
    const auths = JSON.parse(
      Buffer.from(JSON.parse(r.stdout).data['.dockerconfigjson'], 'base64').toString(),
    ).auths;
    expect(auths[registry.host].password).toBe('bsat_p2_new');
  });

  it('pull-secret --revoke DELETEs and prints no secret', async () => {
    registry.on('DELETE', PATH, { status: 204 });
    const r = await runBerth(['sa', 'pull-secret', 'default', '-n', 'team-a', '--revoke'], { home });
    expect(sent()).toEqual([['DELETE', PATH, undefined]]);
    expect(r).toEqual({
      code: 0,
      stdout: 'pull secret of service account team-a:default revoked\n',
      stderr: '',
    });
  });

  it('pull-secret refuses --rotate with --revoke, and explains a revoked secret', async () => {
    const both = await runBerth(['sa', 'pull-secret', 'default', '-n', 'team-a', '--rotate', '--revoke'], {
      home,
    });
    expect(both.code).toBe(2);
    registry.on('GET', PATH, { body: { serviceAccount: SA, pullSecret: null } });
    const revoked = await runBerth(['sa', 'pull-secret', 'default', '-n', 'team-a'], { home });
    expect(revoked).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'berth: service account team-a:default has no pull secret (revoked?): create one with --rotate\n',
    });
  });

  it('pull-secret passes a refusal through', async () => {
    registry.on('GET', PATH, apiError(404, 'NOT_FOUND', 'project "team-a" not found'));
    const r = await runBerth(['sa', 'pull-secret', 'default', '-n', 'team-a'], { home });
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'berth: project "team-a" not found (NOT_FOUND)\n' });
  });
});
