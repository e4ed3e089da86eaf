import { FakeRegistry } from '../testing/fake-registry';
import { basic, runBerth, storeLogin, tempHome } from '../testing/run-berth';

describe('berth token', () => {
  let registry: FakeRegistry;
  let home: string;
  const sent = () => registry.requests.map((q) => [q.method, q.path, q.json, q.headers.authorization]);
  const ALICE = basic('alice', 'bpat_t1_s3cr3t');

  beforeEach(async () => {
    registry = await new FakeRegistry().start();
    home = tempHome();
    storeLogin(home, { url: registry.url });
  });
  afterEach(() => registry.stop());

  it('create: POSTs name and lifetime for the logged-in user and prints the secret', async () => {
    registry.on('POST', '/api/v1/users/alice/tokens', {
      status: 201,
      body: { token: { name: 'ci', expiresAt: '2025-02-01T00:00:00Z' }, secret: 'bpat_t9_shown-once' },
    });
    const r = await runBerth(['token', 'create', 'ci', '--expires-in-days', '30'], { home });
    expect(sent()).toEqual([
      ['POST', '/api/v1/users/alice/tokens', { name: 'ci', expiresInDays: 30 }, ALICE],
    ]);
    expect(r.stdout).toBe('name:    ci\nexpires: 2025-02-01T00:00:00Z\nsecret:  bpat_t9_shown-once\n');
  });

  it('create: leaves the lifetime to the registry by default; 0 = never expires', async () => {
    registry.on('POST', '/api/v1/users/alice/tokens', {
      status: 201,
      body: { token: { name: 'ci', expiresAt: '' }, secret: 's' },
    });
    await runBerth(['token', 'create', 'ci'], { home });
    const r = await runBerth(['token', 'create', 'ci', '--expires-in-days', '0'], { home });
    expect(registry.requests.map((q) => q.json)).toEqual([{ name: 'ci' }, { name: 'ci', expiresInDays: 0 }]);
    expect(r.stdout).toContain('expires: never');
  });

  it('list: a table without secrets', async () => {
    registry.on('GET', '/api/v1/users/alice/tokens', {
      body: {
        tokens: [
          { name: 'berth-cli@laptop', createdAt: 'c1', expiresAt: 'e1', lastUsedAt: 'u1', revoked: false },
          { name: 'ci', createdAt: 'c2', expiresAt: '', lastUsedAt: '', revoked: true },
        ],
      },
    });
    const r = await runBerth(['token', 'list'], { home });
    expect(sent()).toEqual([['GET', '/api/v1/users/alice/tokens', undefined, ALICE]]);
    expect(r.stdout).toBe(
      [
        'NAME              CREATED  EXPIRES  LAST USED  REVOKED',
        'berth-cli@laptop  c1       e1       u1         no',
        'ci                c2       never    -          yes',
        '',
      ].join('\n'),
    );
  });

  it('revoke: DELETEs the token; -o json prints {}', async () => {
    registry.on('DELETE', '/api/v1/users/alice/tokens/ci', { status: 204 });
    const r = await runBerth(['token', 'revoke', 'ci'], { home });
    expect(r.stdout).toBe('token ci revoked\n');
    const j = await runBerth(['token', 'revoke', 'ci', '-o', 'json'], { home });
    expect(j.stdout).toBe('{}\n');
    expect(sent()[0]).toEqual(['DELETE', '/api/v1/users/alice/tokens/ci', undefined, ALICE]);
  });

  it('needs a login', async () => {
    const r = await runBerth(['token', 'list', '--url', registry.url], { home: tempHome() });
    expect(r).toEqual({ code: 1, stdout: '', stderr: "berth: not logged in: run 'berth login URL' first\n" });
  });
});
