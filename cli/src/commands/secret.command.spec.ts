import * as fs from 'node:fs';
import * as path from 'node:path';
import { FakeRegistry } from '../testing/fake-registry';
import { runBerth, storeLogin, tempHome } from '../testing/run-berth';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('berth secret', () => {
  let registry: FakeRegistry;
  let home: string;
  const sent = () => registry.requests.map((q) => [q.method, q.path, q.json]);
  const SECRETS = '/api/v1/projects/team-a/secrets';

  beforeEach(async () => {
    registry = await new FakeRegistry().start();
    home = tempHome();
    storeLogin(home, { url: registry.url });
    registry.on('POST', SECRETS, {
      status: 201,
      body: { credential: { name: 'quay', server: 'quay.io', username: 'me' } },
    });
  });
  afterEach(() => registry.stop());

  it('create docker-registry: POSTs the flags, prints no password', async () => {
    const r = await runBerth(
      [
        'secret',
        'create',
        'docker-registry',
        'quay',
        '-n',
        'team-a',
        '--docker-server',
        'quay.io',
        '--docker-username',
        'me',
        '--docker-password',
        'p@ss',
        '--docker-email',
        'me@x.io',
      ],
      { home },
    );
    expect(sent()).toEqual([
      [
        'POST',
        SECRETS,
        { name: 'quay', server: 'quay.io', username: 'me', password: 'p@ss', email: 'me@x.io' },
      ],
    ]);
    expect(r).toEqual({
      code: 0,
      stdout: 'secret quay created in project team-a (me at quay.io)\n',
      stderr: '',
    });
  });

  it('create docker-registry --docker-password-stdin', async () => {
    await runBerth(
      [
        'secret',
        'create',
        'docker-registry',
        'quay',
        '-n',
        'team-a',
        '--docker-server',
        'quay.io',
        '--docker-username',
        'me',
        '--docker-password-stdin',
      ],
      { home, stdin: 'from-stdin\n' },
    );
    expect(sent()).toEqual([
      ['POST', SECRETS, { name: 'quay', server: 'quay.io', username: 'me', password: 'from-stdin' }],
    ]);
  });

  it('create docker-registry --from-docker-config: the entry of --docker-server', async () => {
    const file = path.join(tempHome(), 'config.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        auths: {
          'https://index.docker.io/v1/': { auth: b64('hubber:hub-token') },
          'quay.io': { auth: b64('q:qq'), email: 'q@x.io' },
        },
      }),
    );
    const r = await runBerth(
      [
        'secret',
        'create',
        'docker-registry',
        'hub',
        '-n',
        'team-a',
        '--from-docker-config',
        file,
        '--docker-server',
        'docker.io',
      ],
      { home },
    );
    expect(r.code).toBe(0);
    expect(sent()).toEqual([
      ['POST', SECRETS, { name: 'hub', server: 'docker.io', username: 'hubber', password: 'hub-token' }],
    ]);
    await runBerth(
      [
        'secret',
        'create',
        'docker-registry',
        'q',
        '-n',
        'team-a',
        '--from-docker-config',
        file,
        '--docker-server',
        'quay.io',
      ],
      { home },
    );
    expect(sent()[1]).toEqual([
      'POST',
      SECRETS,
      { name: 'q', server: 'quay.io', username: 'q', password: 'qq', email: 'q@x.io' },
    ]);
  });

  it('create docker-registry --from-docker-config refuses credential-helper entries before any request', async () => {
    const file = path.join(tempHome(), 'config.json');
    fs.writeFileSync(file, JSON.stringify({ auths: { 'ghcr.io': {} }, credsStore: 'osxkeychain' }));
    const r = await runBerth(
      ['secret', 'create', 'docker-registry', 'gh', '-n', 'team-a', '--from-docker-config', file],
      { home },
    );
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: `berth: ${file} keeps the credentials for ghcr.io in docker-credential-osxkeychain (credsStore); pass --docker-username and --docker-password instead\n`,
    });
    expect(registry.requests).toEqual([]);
  });

  it.each([
    [
      ['secret', 'create', 'generic', 'x', '-n', 'team-a'],
      'unknown secret type "generic": only docker-registry',
    ],
    [
      ['secret', 'create', 'docker-registry', 'x', '-n', 'team-a', '--docker-server', 's'],
      'missing --docker-username, --docker-password (or --from-docker-config FILE)',
    ],
    [
      [
        'secret',
        'create',
        'docker-registry',
        'x',
        '-n',
        'team-a',
        '--from-docker-config',
        'f',
        '--docker-username',
        'u',
      ],
      '--from-docker-config takes the username, password and email from the file',
    ],
    [['secret', 'create', 'docker-registry', 'x', '--docker-server', 's'], 'missing -n PROJECT'],
  ])('create refuses %j', async (argv, message) => {
    expect(await runBerth(argv, { home })).toEqual({
      code: 2,
      stdout: '',
      stderr: `berth: ${message}; see 'berth secret create --help'\n`,
    });
  });

  it('create says when the docker config cannot be read', async () => {
    const r = await runBerth(
      [
        'secret',
        'create',
        'docker-registry',
        'x',
        '-n',
        'team-a',
        '--from-docker-config',
        '/nonexistent/c.json',
      ],
      { home },
    );
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'berth: cannot read /nonexistent/c.json: ENOENT\n' });
  });

  it('list and delete', async () => {
    registry.on('GET', SECRETS, {
      body: {
        credentials: [{ name: 'quay', server: 'quay.io', username: 'me', email: '', createdAt: 'c1' }],
      },
    });
    registry.on('DELETE', `${SECRETS}/quay`, { status: 204 });
    const listed = await runBerth(['secret', 'list', '-n', 'team-a'], { home });
    const deleted = await runBerth(['secret', 'delete', 'quay', '-n', 'team-a'], { home });
    expect(sent()).toEqual([
      ['GET', SECRETS, undefined],
      ['DELETE', `${SECRETS}/quay`, undefined],
    ]);
    expect(listed.stdout).toBe(
      'NAME  SERVER   USERNAME  EMAIL  CREATED\nquay  quay.io  me        -      c1\n',
    );
    expect(deleted.stdout).toBe('secret quay deleted from project team-a\n');
  });
});
