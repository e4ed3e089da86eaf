import type { InjectOptions } from 'fastify';
import { BerthError, ErrorCode } from '@berth/errors';
import { GatewayHarness } from '../testing/gateway-harness';

const JSON_HEADERS = { 'content-type': 'application/json' };

describe('gateway /api/v1 errors and request validation (fake auth services)', () => {
  const h = new GatewayHarness();
  const management = () => h.peers.management;
  const inject = (opts: InjectOptions) => h.app.inject(opts);

  beforeAll(() => h.start());
  afterAll(() => h.close());
  beforeEach(() => management().reset());

  it.each([
    [ErrorCode.INVALID_ARGUMENT, 400],
    [ErrorCode.DENIED, 403],
    [ErrorCode.NOT_FOUND, 404],
    [ErrorCode.ALREADY_EXISTS, 409],
    [ErrorCode.CONFLICT, 409],
    [ErrorCode.TOOMANYREQUESTS, 429],
    [ErrorCode.UNAVAILABLE, 503],
  ])('maps %s from auth to %d with the OCI error body', async (code, status) => {
    management().fail('deleteProject', new BerthError(code, `it failed: ${code}`, { project: 'team-a' }));
    const res = await inject({ method: 'DELETE', url: '/api/v1/projects/team-a' });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['www-authenticate']).toBeUndefined();
    expect(res.json()).toEqual({
      errors: [{ code, message: `it failed: ${code}`, detail: { project: 'team-a' } }],
    });
  });

  it('answers UNAUTHORIZED with a Basic challenge, and nothing of the credentials sent', async () => {
    management().fail('whoAmI', new BerthError(ErrorCode.UNAUTHORIZED, 'invalid username or password'));
    const basic = `Basic ${Buffer.from('alice:wrong-password').toString('base64')}`;
    const res = await inject({ method: 'GET', url: '/api/v1/whoami', headers: { authorization: basic } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Basic realm="berth"');
    expect(res.json()).toEqual({
      errors: [{ code: 'UNAUTHORIZED', message: 'invalid username or password' }],
    });
    expect(res.body).not.toContain('wrong-password');
    expect(JSON.stringify(res.headers)).not.toContain(basic.slice(6));
  });

  it('turns an unexpected failure into 500 UNKNOWN without its message', async () => {
    management().fail('listGroups', new Error('socket hang up at 10.0.0.5'));
    const res = await inject({ method: 'GET', url: '/api/v1/groups' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ errors: [{ code: 'UNKNOWN', message: 'unknown error' }] });
  });

  it('refuses bodies of the wrong shape with 400 INVALID_ARGUMENT naming the field, without calling auth', async () => {
    const cases: Array<[string, string, unknown, string]> = [
      ['/api/v1/users', 'POST', { username: 5 }, 'username'],
      ['/api/v1/users', 'POST', { password: 'x' }, 'username'],
      ['/api/v1/users', 'POST', ['carol'], ''],
      ['/api/v1/users', 'POST', 'carol', ''],
      ['/api/v1/users/carol', 'PATCH', { disabled: 'yes' }, 'disabled'],
      ['/api/v1/users/carol/tokens', 'POST', { name: 'ci', expiresInDays: 1.5 }, 'expiresInDays'],
      ['/api/v1/users/carol/tokens', 'POST', { name: 'ci', expiresInDays: -1 }, 'expiresInDays'],
      ['/api/v1/users/carol/tokens', 'POST', { name: 'ci', expiresInDays: 2 ** 31 }, 'expiresInDays'],
      ['/api/v1/projects', 'POST', { name: 'team-a', public: 'false' }, 'public'],
      ['/api/v1/projects/team-a/members', 'POST', { subject: 'bob', role: 'guest' }, 'subject'],
      [
        '/api/v1/projects/team-a/members',
        'POST',
        { subject: { kind: 'user' }, role: 'guest' },
        'subject.name',
      ],
      [
        '/api/v1/projects/team-a/members',
        'POST',
        { subject: { kind: 'robot', name: 'x' }, role: 'guest' },
        'subject.kind',
      ],
      ['/api/v1/projects/team-a/rolebindings', 'POST', { role: 'image-puller' }, 'subject'],
      [
        '/api/v1/projects/team-a/secrets',
        'POST',
        { name: 'q', server: 'quay.io', username: 'u' },
        'password',
      ],
      ['/api/v1/repositories/team-a/app/scope', 'PUT', { scope: 'everywhere' }, 'scope'],
    ];
    for (const [url, method, body, field] of cases) {
      const res = await inject({
        method: method as 'POST',
        url,
        headers: JSON_HEADERS,
        payload: JSON.stringify(body),
      });
      expect([url, body, res.statusCode, res.json().errors[0].code, res.json().errors[0].detail]).toEqual([
        url,
        body,
        400,
        'INVALID_ARGUMENT',
        { field },
      ]);
    }
    expect(management().calls).toEqual([]);
  });

  it('refuses malformed JSON (400), a body that is not JSON (415) and one over 64 KiB (413)', async () => {
    const broken = await inject({
      method: 'POST',
      url: '/api/v1/groups',
      headers: JSON_HEADERS,
      payload: '{"name":',
    });
    expect([broken.statusCode, broken.json().errors[0].code]).toEqual([400, 'INVALID_ARGUMENT']);
    const form = await inject({
      method: 'POST',
      url: '/api/v1/groups',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=devs',
    });
    expect([form.statusCode, form.json().errors[0].code]).toEqual([415, 'UNSUPPORTED']);
    const big = await inject({
      method: 'POST',
      url: '/api/v1/groups',
      headers: JSON_HEADERS,
      payload: JSON.stringify({ name: 'devs', padding: 'x'.repeat(64 * 1024) }),
    });
    expect([big.statusCode, big.json().errors[0].code]).toEqual([413, 'INVALID_ARGUMENT']);
    expect(management().calls).toEqual([]);
  });

  it('accepts an empty body as {} and a JSON media type with parameters or a +json suffix', async () => {
    const rotate = await inject({
      method: 'POST',
      url: '/api/v1/projects/team-a/serviceaccounts/builder/pull-secret',
    });
    expect(rotate.statusCode).toBe(200);
    const empty = await inject({
      method: 'POST',
      url: '/api/v1/users/carol/password',
      headers: JSON_HEADERS,
    });
    expect(empty.statusCode).toBe(200);
    const charset = await inject({
      method: 'PATCH',
      url: '/api/v1/projects/team-a',
      headers: { 'content-type': 'application/merge-patch+json; charset=utf-8' },
      payload: '{"public":true}',
    });
    expect(charset.statusCode).toBe(200);
    expect(management().calls.map((c) => c.request)).toEqual([
      { project: 'team-a', name: 'builder' },
      { username: 'carol' },
      { name: 'team-a', public: true },
    ]);
  });

  it('refuses query parameters of the wrong type or given twice', async () => {
    for (const url of [
      '/api/v1/users?limit=ten',
      '/api/v1/users?limit=-1',
      '/api/v1/users?limit=1&limit=2',
      '/api/v1/audit-events?limit=99999999999',
      '/api/v1/projects/team-a?force=yes',
    ]) {
      const method = url.includes('force') ? 'DELETE' : 'GET';
      const res = await inject({ method, url });
      expect([url, res.statusCode, res.json().errors[0].code]).toEqual([url, 400, 'INVALID_ARGUMENT']);
    }
    expect(management().calls).toEqual([]);
  });

  it('answers an unknown path with 404 NOT_FOUND and a known path with another method with 405', async () => {
    for (const url of ['/api/v1/nope', '/api/v1/users/carol/nope', '/api/v1/repositories/team-a/app/nope']) {
      const res = await inject({ method: 'GET', url });
      expect([url, res.statusCode, res.json().errors[0].code]).toEqual([url, 404, 'NOT_FOUND']);
    }
    const put = await inject({ method: 'PUT', url: '/api/v1/users' });
    expect([put.statusCode, put.headers.allow, put.json().errors[0].code]).toEqual([
      405,
      'GET, POST',
      'UNSUPPORTED',
    ]);
    const scope = await inject({ method: 'DELETE', url: '/api/v1/repositories/team-a/app/scope' });
    expect([scope.statusCode, scope.headers.allow]).toEqual([405, 'GET, PUT']);
    const emptyRepository = await inject({ method: 'GET', url: '/api/v1/repositories//scope' });
    expect(emptyRepository.statusCode).toBe(404);
    expect(management().calls).toEqual([]);
  });

  it('refuses an Authorization header gRPC metadata cannot carry as UNAUTHORIZED', async () => {
    const res = await inject({
      method: 'GET',
      url: '/api/v1/whoami',
      headers: { authorization: 'Basic \u00e9t\u00e9' },
    });
    expect([res.statusCode, res.headers['www-authenticate'], res.json().errors[0].code]).toEqual([
      401,
      'Basic realm="berth"',
      'UNAUTHORIZED',
    ]);
    expect(management().calls).toEqual([]);
  });

  it('leaves /v2/ alone: its own challenge and error format', async () => {
    const res = await inject({ method: 'GET', url: '/v2/' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm=/);
  });
});
