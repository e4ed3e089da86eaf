import { FakeRegistry } from '../testing/fake-registry';
import { ApiClient } from './api-client';
import { ApiError, CliError } from './cli-error';

describe('ApiClient', () => {
  let registry: FakeRegistry;
  beforeEach(async () => {
    registry = await new FakeRegistry().start();
  });
  afterEach(() => registry.stop());

  const client = (credentials = { username: 'alice', secret: 'bpat_1_s' }) =>
    new ApiClient(registry.url, credentials, globalThis.fetch, 'berth-cli/test');

  it('sends JSON with Basic credentials, a user agent and the query', async () => {
    registry.on('POST', '/api/v1/x', { status: 201, body: { ok: true } });
    const res = await client().request('POST', '/api/v1/x', {
      body: { a: 1 },
      query: { limit: 5, last: undefined, scope: ['s1', 's 2'] },
    });
    expect(res).toMatchObject({ status: 201, body: { ok: true } });
    const [req] = registry.requests;
    expect(req.path).toBe('/api/v1/x?limit=5&scope=s1&scope=s+2');
    expect(req.headers).toMatchObject({
      authorization: `Basic ${Buffer.from('alice:bpat_1_s').toString('base64')}`,
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': 'berth-cli/test',
    });
    expect(req.json).toEqual({ a: 1 });
  });

  it('sends no body and no content type without one, and reads 204 as {}', async () => {
    registry.on('DELETE', '/api/v1/x', { status: 204 });
    expect(await client().delete('/api/v1/x')).toEqual({});
    expect(registry.requests[0].headers['content-type']).toBeUndefined();
    expect(registry.requests[0].body).toBe('');
  });

  it('uses the per-request credentials, or none', async () => {
    registry.on('GET', '/a', { body: {} });
    await client().request('GET', '/a', { credentials: { username: 'bob', secret: 'pw' } });
    await client().request('GET', '/a', { credentials: null });
    expect(registry.requests.map((r) => r.headers.authorization)).toEqual([
      `Basic ${Buffer.from('bob:pw').toString('base64')}`,
      undefined,
    ]);
  });

  it('turns the first error of the body into the message, with the code', async () => {
    registry.on('GET', '/a', {
      status: 403,
      body: {
        errors: [
          { code: 'DENIED', message: 'requires the project role admin' },
          { code: 'X', message: 'y' },
        ],
      },
    });
    const err = await client()
      .get('/a')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      message: 'requires the project role admin (DENIED)',
      status: 403,
      code: 'DENIED',
      exitCode: 1,
    });
  });

  it('adds a hint to log in again on 401 with the stored login, and to log in without one', async () => {
    registry.on('GET', '/a', {
      status: 401,
      headers: { 'www-authenticate': 'Basic realm="berth"' },
      body: { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] },
    });
    await expect(client().get('/a')).rejects.toThrow(
      "authentication required (UNAUTHORIZED); your login may have expired or been revoked: run 'berth login' again",
    );
    const anonymous = new ApiClient(registry.url, undefined, globalThis.fetch, 'ua');
    await expect(anonymous.get('/a')).rejects.toThrow(
      "authentication required (UNAUTHORIZED); log in first with 'berth login URL'",
    );
  });

  it('describes errors without the registry error body by status', async () => {
    registry.on('GET', '/a', {
      status: 502,
      body: '<html>bad gateway</html>',
      headers: { 'content-type': 'text/html' },
    });
    await expect(client().get('/a')).rejects.toThrow('GET /a: HTTP 502 Bad Gateway');
  });

  it('refuses a success that is not JSON', async () => {
    registry.on('GET', '/a', { status: 200, body: 'hello', headers: { 'content-type': 'text/plain' } });
    await expect(client().get('/a')).rejects.toThrow(
      'GET /a: the registry answered HTTP 200 with a body that is not JSON',
    );
  });

  it('says when the registry cannot be reached', async () => {
    const url = registry.url;
    await registry.stop();
    const err = await new ApiClient(url, undefined, globalThis.fetch, 'ua')
      .get('/a')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as Error).message).toBe(`cannot reach ${url}: ECONNREFUSED`);
  });
});
