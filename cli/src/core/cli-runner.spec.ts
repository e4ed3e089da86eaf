import { COMMANDS } from '../commands';
import { FakeRegistry } from '../testing/fake-registry';
import { runBerth, storeLogin, tempHome } from '../testing/run-berth';
import { isGroup } from './command';

describe('berth command line', () => {
  let registry: FakeRegistry;
  let home: string;

  beforeEach(async () => {
    registry = await new FakeRegistry().start();
    home = tempHome();
    storeLogin(home, { url: registry.url });
  });
  afterEach(() => registry.stop());

  it('prints the help with no arguments and with --help', async () => {
    for (const argv of [[], ['--help'], ['-h']]) {
      const r = await runBerth(argv, { home });
      expect(r).toMatchObject({ code: 0, stderr: '' });
      expect(r.stdout).toContain('Usage:\n  berth COMMAND [flags]');
      expect(r.stdout).toContain('serviceaccount ...');
    }
  });

  it('prints the version', async () => {
    const { version } = jest.requireActual<{ version: string }>('../../package.json');
    expect(await runBerth(['--version'], { home })).toEqual({
      code: 0,
      stdout: `berth ${version}\n`,
      stderr: '',
    });
  });

  it('has --help with usage, flags and an example on every group and command', async () => {
    for (const entry of COMMANDS) {
      const paths = isGroup(entry) ? entry.commands.map((c) => [entry.name, c.name]) : [[entry.name]];
      if (isGroup(entry)) {
        const r = await runBerth([entry.name, '--help'], { home });
        expect(r.code).toBe(0);
        expect(r.stdout).toContain(`Usage:\n  berth ${entry.name} COMMAND [flags]`);
        expect(r.stdout).toMatch(/Examples?:\n {2}berth /);
        for (const c of entry.commands) expect(r.stdout).toContain(`  ${c.name} `);
      }
      for (const p of paths) {
        const r = await runBerth([...p, '--help'], { home });
        expect(r.code).toBe(0);
        expect(r.stdout).toContain(`Usage:\n  berth ${p.join(' ')}`);
        expect(r.stdout).toContain('Global flags:\n  -o, --output FORMAT');
        expect(r.stdout).toMatch(/Examples?:\n {2}(printf .*\| )?berth /);
      }
    }
    expect(registry.requests).toEqual([]);
  });

  it('shows a command help even with other arguments, but not after --', async () => {
    const r = await runBerth(['project', 'create', 'x', '--bogus', '-h'], { home });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('berth project create NAME [--public]');
    registry.on('GET', '/api/v1/users/-h', { body: { user: { username: '-h' } } });
    const shown = await runBerth(['user', 'show', '--', '-h'], { home });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('username:       -h');
    expect(registry.requests.map((q) => q.path)).toEqual(['/api/v1/users/-h']);
  });

  it.each([
    [['frobnicate'], `berth: unknown command "frobnicate"; see 'berth --help'`],
    [['user', 'frobnicate'], `berth: unknown command "user frobnicate"; see 'berth user --help'`],
    [['user'], `berth: user: missing command; see 'berth user --help'`],
    [['-o', 'json'], `berth: missing command; see 'berth --help'`],
    [['--bogus'], `berth: unknown flag --bogus; see 'berth --help'`],
    [['project', 'create'], `berth: missing NAME; see 'berth project create --help'`],
    [['project', 'create', 'a', 'b'], `berth: unexpected argument "b"; see 'berth project create --help'`],
    [['project', 'create', 'a', '--bogus'], `berth: unknown flag --bogus; see 'berth project create --help'`],
    [['project', 'list', '--url'], `berth: flag --url needs a value; see 'berth project list --help'`],
    [
      ['project', 'list', '-o', 'yaml'],
      `berth: -o must be text or json, not "yaml"; see 'berth project list --help'`,
    ],
    [
      ['project', 'create', 'a', '--public=yes'],
      `berth: flag --public takes no value; see 'berth project create --help'`,
    ],
    [['member', 'list'], `berth: missing -n PROJECT; see 'berth member list --help'`],
    [
      ['project', 'set-visibility', 'a', 'hidden'],
      `berth: the visibility must be public or private, not "hidden"; see 'berth project set-visibility --help'`,
    ],
    [
      ['token', 'create', 'ci', '--expires-in-days', 'ten'],
      `berth: --expires-in-days must be a whole number, not "ten"; see 'berth token create --help'`,
    ],
    [['user', 'list', '--last', 'bob'], `berth: --last goes with --limit; see 'berth user list --help'`],
  ])('refuses %j with exit status 2 and one line', async (argv, line) => {
    const r = await runBerth(argv, { home });
    expect(r).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
    expect(registry.requests).toEqual([]);
  });

  it('accepts global flags before the command, aliases and -ojson', async () => {
    registry.on('GET', '/api/v1/projects/p/serviceaccounts', { body: { serviceAccounts: [] } });
    const r = await runBerth(['-o', 'json', 'sa', 'list', '-n', 'p'], { home });
    expect(r).toEqual({ code: 0, stdout: '{\n  "serviceAccounts": []\n}\n', stderr: '' });
    const r2 = await runBerth(['serviceaccounts', 'list', '-np', '-ojson'], { home });
    expect(r2.stdout).toBe(r.stdout);
    expect(registry.requests.map((q) => q.path)).toEqual([
      '/api/v1/projects/p/serviceaccounts',
      '/api/v1/projects/p/serviceaccounts',
    ]);
  });

  it('treats what follows -- as arguments', async () => {
    registry.on('GET', '/api/v1/users/-x', { body: { user: { username: '-x' } } });
    const r = await runBerth(['user', 'show', '--', '-x'], { home });
    expect(r.code).toBe(0);
    expect(registry.requests[0].path).toBe('/api/v1/users/-x');
  });

  it('reports API errors as one line with the code, exit status 1', async () => {
    registry.on('GET', '/api/v1/projects/secret-project', {
      status: 404,
      body: {
        errors: [{ code: 'NOT_FOUND', message: 'project "secret-project" not found', detail: { x: 1 } }],
      },
    });
    const r = await runBerth(['project', 'show', 'secret-project'], { home });
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: 'berth: project "secret-project" not found (NOT_FOUND)\n',
    });
  });

  it('--url talks to another registry without the stored credentials', async () => {
    const other = await new FakeRegistry().start();
    try {
      other.on('GET', '/api/v1/projects', { body: { projects: [], more: false } });
      const r = await runBerth(['project', 'list', '--url', other.url], { home });
      expect(r.code).toBe(0);
      expect(other.requests[0].headers.authorization).toBeUndefined();
      expect(registry.requests).toEqual([]);
    } finally {
      await other.stop();
    }
  });

  it('--url naming the logged-in registry keeps the credentials', async () => {
    registry.on('GET', '/api/v1/projects', { body: { projects: [], more: false } });
    await runBerth(['project', 'list', '--url', `${registry.url}/`], { home });
    expect(registry.requests[0].headers.authorization).toMatch(/^Basic /);
  });

  it('says how to log in when there is no login', async () => {
    const r = await runBerth(['project', 'list'], { home: tempHome() });
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: "berth: no registry: run 'berth login URL' first, or pass --url URL\n",
    });
  });
});
