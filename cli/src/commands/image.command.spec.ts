import { FakeRegistry } from '../testing/fake-registry';
import { runBerth, storeLogin, tempHome } from '../testing/run-berth';

describe('berth image scope', () => {
  let registry: FakeRegistry;
  let home: string;
  const sent = () => registry.requests.map((q) => [q.method, q.path, q.json]);

  beforeEach(async () => {
    registry = await new FakeRegistry().start();
    home = tempHome();
    storeLogin(home, { url: registry.url });
  });
  afterEach(() => registry.stop());

  it('GETs the scope of a repository whose name has slashes', async () => {
    registry.on('GET', '/api/v1/repositories/base/tools/debian/scope', {
      body: { repository: 'base/tools/debian', scope: 'namespace' },
    });
    const r = await runBerth(['image', 'scope', 'base/tools/debian'], { home });
    expect(sent()).toEqual([['GET', '/api/v1/repositories/base/tools/debian/scope', undefined]]);
    expect(r.stdout).toBe('repository: base/tools/debian\nscope:      namespace\n');
  });

  it('PUTs a new scope', async () => {
    registry.on('PUT', '/api/v1/repositories/base/debian/scope', {
      body: { repository: 'base/debian', scope: 'global' },
    });
    const r = await runBerth(['image', 'scope', 'base/debian', 'global', '-o', 'json'], { home });
    expect(sent()).toEqual([['PUT', '/api/v1/repositories/base/debian/scope', { scope: 'global' }]]);
    expect(JSON.parse(r.stdout)).toEqual({ repository: 'base/debian', scope: 'global' });
  });

  it.each([
    [['image', 'scope', 'debian'], 'the repository is NAMESPACE/NAME, not "debian"'],
    [['image', 'scope', 'a//b'], 'the repository is NAMESPACE/NAME, not "a//b"'],
    [['image', 'scope', 'a/b', 'public'], 'SCOPE must be global or namespace, not "public"'],
  ])('refuses %j', async (argv, message) => {
    expect(await runBerth(argv, { home })).toEqual({
      code: 2,
      stdout: '',
      stderr: `berth: ${message}; see 'berth image scope --help'\n`,
    });
  });
});
