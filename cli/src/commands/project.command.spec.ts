import { apiError, FakeRegistry } from '../testing/fake-registry';
import { basic, runBerth, storeLogin, tempHome } from '../testing/run-berth';

const TEAM_A = {
  name: 'team-a',
  public: false,
  createdAt: '2025-01-01T00:00:00Z',
  createdBy: 'alice',
  repositoryCount: 2,
  callerRole: 'admin',
};

describe('berth project', () => {
  let registry: FakeRegistry;
  let home: string;
  const sent = () => registry.requests.map((q) => [q.method, q.path, q.json]);

  beforeEach(async () => {
    registry = await new FakeRegistry().start();
    home = tempHome();
    storeLogin(home, { url: registry.url });
  });
  afterEach(() => registry.stop());

  it('create: POSTs name and visibility with the stored login', async () => {
    registry.on('POST', '/api/v1/projects', { status: 201, body: { project: TEAM_A } });
    const r = await runBerth(['project', 'create', 'team-a'], { home });
    await runBerth(['project', 'create', 'base', '--public'], { home });
    expect(sent()).toEqual([
      ['POST', '/api/v1/projects', { name: 'team-a', public: false }],
      ['POST', '/api/v1/projects', { name: 'base', public: true }],
    ]);
    expect(registry.requests[0].headers.authorization).toBe(basic('alice', 'bpat_t1_s3cr3t'));
    expect(r.stdout).toBe(
      [
        'name:         team-a',
        'visibility:   private',
        'repositories: 2',
        'your role:    admin',
        'created:      2025-01-01T00:00:00Z',
        'created by:   alice',
        '',
      ].join('\n'),
    );
  });

  it('list: every page, as a table', async () => {
    registry.on(
      'GET',
      '/api/v1/projects',
      { body: { projects: [TEAM_A], more: true } },
      {
        body: { projects: [{ name: 'zeta', public: true, repositoryCount: 0, createdAt: 'c' }], more: false },
      },
    );
    const r = await runBerth(['project', 'list'], { home });
    expect(sent()).toEqual([
      ['GET', '/api/v1/projects', undefined],
      ['GET', '/api/v1/projects?last=team-a', undefined],
    ]);
    expect(r.stdout).toBe(
      [
        'NAME    VISIBILITY  REPOSITORIES  ROLE   CREATED',
        'team-a  private     2             admin  2025-01-01T00:00:00Z',
        'zeta    public      0             -      c',
        '',
      ].join('\n'),
    );
  });

  it('list -o json: the pages merged into one response', async () => {
    registry.on(
      'GET',
      '/api/v1/projects',
      { body: { projects: [TEAM_A], more: true } },
      { body: { projects: [], more: false } },
    );
    const r = await runBerth(['project', 'list', '-o', 'json'], { home });
    expect(JSON.parse(r.stdout)).toEqual({ projects: [TEAM_A], more: false });
  });

  it('list with nothing visible says so on stderr', async () => {
    registry.on('GET', '/api/v1/projects', { body: { projects: [], more: false } });
    expect(await runBerth(['project', 'list'], { home })).toEqual({
      code: 0,
      stdout: '',
      stderr: 'No projects.\n',
    });
  });

  it('show: GETs the project, percent-encoding the name', async () => {
    registry.on('GET', '/api/v1/projects/team-a', { body: { project: TEAM_A } });
    const r = await runBerth(['project', 'show', 'team-a', '-o', 'json'], { home });
    expect(JSON.parse(r.stdout)).toEqual({ project: TEAM_A });
    await runBerth(['project', 'show', 'a b/c'], { home });
    expect(sent()[1]).toEqual(['GET', '/api/v1/projects/a%20b%2Fc', undefined]);
  });

  it('delete: force only with --force; lists what went with it', async () => {
    registry.on('DELETE', '/api/v1/projects/team-a', {
      body: { deletedRepositories: ['team-a/app', 'team-a/db'] },
    });
    await runBerth(['project', 'delete', 'team-a'], { home });
    const r = await runBerth(['project', 'delete', 'team-a', '--force'], { home });
    expect(sent()).toEqual([
      ['DELETE', '/api/v1/projects/team-a', undefined],
      ['DELETE', '/api/v1/projects/team-a?force=true', undefined],
    ]);
    expect(r.stdout).toBe(
      'project team-a deleted\ndeleted repository team-a/app\ndeleted repository team-a/db\n',
    );
  });

  it('delete: a project holding images is refused with the API message', async () => {
    registry.on(
      'DELETE',
      '/api/v1/projects/team-a',
      apiError(409, 'CONFLICT', 'project team-a holds 2 repositories; use force'),
    );
    expect(await runBerth(['project', 'delete', 'team-a'], { home })).toEqual({
      code: 1,
      stdout: '',
      stderr: 'berth: project team-a holds 2 repositories; use force (CONFLICT)\n',
    });
  });

  it.each([
    ['public', true],
    ['private', false],
  ])('set-visibility %s PATCHes public=%s', async (value, isPublic) => {
    registry.on('PATCH', '/api/v1/projects/team-a', { body: { project: { ...TEAM_A, public: isPublic } } });
    const r = await runBerth(['project', 'set-visibility', 'team-a', value as string], { home });
    expect(sent()).toEqual([['PATCH', '/api/v1/projects/team-a', { public: isPublic }]]);
    expect(r.stdout).toBe(`project team-a is ${value}\n`);
  });
});
