import { apiError, FakeRegistry } from '../testing/fake-registry';
import { basic, runBerth, storeLogin, tempHome } from '../testing/run-berth';

const ALICE = basic('alice', 'bpat_t1_s3cr3t');
const BOB = {
  username: 'bob',
  registryAdmin: false,
  disabled: false,
  createdAt: '2025-01-02T03:04:05Z',
  groups: ['devs'],
};

describe('berth user', () => {
  let registry: FakeRegistry;
  let home: string;
  const sent = () => registry.requests.map((q) => [q.method, q.path, q.json]);

  beforeEach(async () => {
    registry = await new FakeRegistry().start();
    home = tempHome();
    storeLogin(home, { url: registry.url });
  });
  afterEach(() => registry.stop());

  it('create: POSTs the user and prints the generated password once', async () => {
    registry.on('POST', '/api/v1/users', {
      status: 201,
      body: { user: BOB, generatedPassword: 'Gen-3rated' },
    });
    const r = await runBerth(['user', 'create', 'bob'], { home });
    expect(r.code).toBe(0);
    expect(sent()).toEqual([['POST', '/api/v1/users', { username: 'bob', registryAdmin: false }]]);
    expect(registry.requests[0].headers.authorization).toBe(ALICE);
    expect(r.stdout).toBe(
      [
        'username:       bob',
        'registry admin: no',
        'disabled:       no',
        'created:        2025-01-02T03:04:05Z',
        'groups:         devs',
        'password:       Gen-3rated',
        '',
      ].join('\n'),
    );
  });

  it('create --admin --password-stdin sends the password and prints none', async () => {
    registry.on('POST', '/api/v1/users', { status: 201, body: { user: { ...BOB, registryAdmin: true } } });
    const r = await runBerth(['user', 'create', 'bob', '--admin', '--password-stdin'], {
      home,
      stdin: 'chosen pw\n',
    });
    expect(sent()).toEqual([
      ['POST', '/api/v1/users', { username: 'bob', registryAdmin: true, password: 'chosen pw' }],
    ]);
    expect(r.stdout).not.toContain('password');
    expect(r.stdout).toContain('registry admin: yes');
  });

  it('list: follows the pages and prints a table; -o json merges them', async () => {
    registry.on(
      'GET',
      '/api/v1/users',
      { body: { users: [{ username: 'alice', registryAdmin: true, createdAt: 't1' }], more: true } },
      { body: { users: [BOB], more: false } },
    );
    const r = await runBerth(['user', 'list'], { home });
    expect(sent()).toEqual([
      ['GET', '/api/v1/users', undefined],
      ['GET', '/api/v1/users?last=alice', undefined],
    ]);
    expect(r.stdout).toBe(
      [
        'USERNAME  ADMIN  DISABLED  CREATED               GROUPS',
        'alice     yes    no        t1                    -',
        'bob       no     no        2025-01-02T03:04:05Z  devs',
        '',
      ].join('\n'),
    );
  });

  it('list --limit: one page as the API answers it', async () => {
    registry.on('GET', '/api/v1/users', { body: { users: [BOB], more: true } });
    const r = await runBerth(['user', 'list', '--limit', '1', '--last', 'alice', '-o', 'json'], { home });
    expect(sent()).toEqual([['GET', '/api/v1/users?limit=1&last=alice', undefined]]);
    expect(JSON.parse(r.stdout)).toEqual({ users: [BOB], more: true });
  });

  it('show: GETs the user; JSON is the API response', async () => {
    registry.on('GET', '/api/v1/users/bob', { body: { user: BOB } });
    const r = await runBerth(['user', 'show', 'bob', '-o', 'json'], { home });
    expect(sent()).toEqual([['GET', '/api/v1/users/bob', undefined]]);
    expect(JSON.parse(r.stdout)).toEqual({ user: BOB });
  });

  it.each([
    ['disable', true],
    ['enable', false],
  ])('%s: PATCHes disabled', async (verb, disabled) => {
    registry.on('PATCH', '/api/v1/users/bob', { body: { user: { ...BOB, disabled } } });
    const r = await runBerth(['user', verb as string, 'bob'], { home });
    expect(sent()).toEqual([['PATCH', '/api/v1/users/bob', { disabled }]]);
    expect(r.stdout).toBe(`user bob ${verb}d\n`);
  });

  it('passwd (own): asks the current and the new password and sends both', async () => {
    registry.on('POST', '/api/v1/users/alice/password', { body: {} });
    const r = await runBerth(['user', 'passwd'], { home, stdin: 'old pw\nnew pw\n' });
    expect(r).toEqual({ code: 0, stdout: 'password changed\n', stderr: 'Current password: New password: ' });
    expect(sent()).toEqual([
      ['POST', '/api/v1/users/alice/password', { currentPassword: 'old pw', newPassword: 'new pw' }],
    ]);
  });

  it('passwd (own) --password-stdin: current and new password, one line each', async () => {
    registry.on('POST', '/api/v1/users/alice/password', { body: {} });
    await runBerth(['user', 'passwd', 'alice', '--password-stdin'], { home, stdin: 'a\nb\n' });
    expect(sent()).toEqual([
      ['POST', '/api/v1/users/alice/password', { currentPassword: 'a', newPassword: 'b' }],
    ]);
    const bad = await runBerth(['user', 'passwd', '--password-stdin'], { home, stdin: 'only-one\n' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      'berth: --password-stdin: give the current and the new password, one line each\n',
    );
  });

  it('passwd NAME: an administrator reset prints the generated password', async () => {
    registry.on('POST', '/api/v1/users/bob/password', { body: { generatedPassword: 'N3w-gen' } });
    const r = await runBerth(['user', 'passwd', 'bob'], { home });
    expect(sent()).toEqual([['POST', '/api/v1/users/bob/password', {}]]);
    expect(r.stdout).toBe('password of bob reset\npassword: N3w-gen\n');
  });

  it('passwd NAME --password-stdin: the reset takes the given password', async () => {
    registry.on('POST', '/api/v1/users/bob/password', { body: {} });
    const r = await runBerth(['user', 'passwd', 'bob', '--password-stdin'], { home, stdin: 'given\n' });
    expect(sent()).toEqual([['POST', '/api/v1/users/bob/password', { newPassword: 'given' }]]);
    expect(r.stdout).toBe('password of bob reset\n');
  });

  it('reports a refusal as one line', async () => {
    registry.on('POST', '/api/v1/users', apiError(403, 'DENIED', 'registry administrators only'));
    expect(await runBerth(['user', 'create', 'eve'], { home })).toEqual({
      code: 1,
      stdout: '',
      stderr: 'berth: registry administrators only (DENIED)\n',
    });
  });
});
