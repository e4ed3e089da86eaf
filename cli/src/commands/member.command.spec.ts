import { FakeRegistry } from '../testing/fake-registry';
import { runBerth, storeLogin, tempHome } from '../testing/run-berth';

describe('berth member', () => {
  let registry: FakeRegistry;
  let home: string;
  const sent = () => registry.requests.map((q) => [q.method, q.path, q.json]);

  beforeEach(async () => {
    registry = await new FakeRegistry().start();
    home = tempHome();
    storeLogin(home, { url: registry.url });
  });
  afterEach(() => registry.stop());

  it('add: a user by default, a group with --group', async () => {
    registry.on('POST', '/api/v1/projects/team-a/members', {
      status: 201,
      body: { member: { subject: { kind: 'user', name: 'bob' }, role: 'developer' } },
    });
    const r = await runBerth(['member', 'add', 'bob', 'operator', '-n', 'team-a'], { home });
    await runBerth(['member', 'add', 'devs', 'viewer', '--project', 'team-a', '--group'], { home });
    expect(sent()).toEqual([
      [
        'POST',
        '/api/v1/projects/team-a/members',
        { subject: { kind: 'user', name: 'bob' }, role: 'operator' },
      ],
      [
        'POST',
        '/api/v1/projects/team-a/members',
        { subject: { kind: 'group', name: 'devs' }, role: 'viewer' },
      ],
    ]);
    expect(r.stdout).toBe('user bob is developer in project team-a\n');
  });

  it('list: a table of subjects and roles', async () => {
    const members = [
      { subject: { kind: 'user', name: 'alice' }, role: 'admin', addedAt: 'a1' },
      { subject: { kind: 'group', name: 'devs' }, role: 'guest', addedAt: 'a2' },
    ];
    registry.on('GET', '/api/v1/projects/team-a/members', { body: { members } });
    const r = await runBerth(['member', 'list', '-n', 'team-a'], { home });
    expect(sent()).toEqual([['GET', '/api/v1/projects/team-a/members', undefined]]);
    expect(r.stdout).toBe('KIND   NAME   ROLE   ADDED\nuser   alice  admin  a1\ngroup  devs   guest  a2\n');
    const j = await runBerth(['member', 'list', '-n', 'team-a', '-o', 'json'], { home });
    expect(JSON.parse(j.stdout)).toEqual({ members });
  });

  it('update: PATCHes the role at /members/{kind}/{name}', async () => {
    registry.on('PATCH', '/api/v1/projects/team-a/members/group/devs', {
      body: { member: { subject: { kind: 'group', name: 'devs' }, role: 'maintainer' } },
    });
    const r = await runBerth(['member', 'update', 'devs', 'maintainer', '-n', 'team-a', '--group'], { home });
    expect(sent()).toEqual([['PATCH', '/api/v1/projects/team-a/members/group/devs', { role: 'maintainer' }]]);
    expect(r.stdout).toBe('group devs is maintainer in project team-a\n');
  });

  it('remove: DELETEs /members/{kind}/{name}', async () => {
    registry.on('DELETE', '/api/v1/projects/team-a/members/user/bob', { status: 204 });
    const r = await runBerth(['member', 'remove', 'bob', '-n', 'team-a'], { home });
    expect(sent()).toEqual([['DELETE', '/api/v1/projects/team-a/members/user/bob', undefined]]);
    expect(r.stdout).toBe('user bob removed from project team-a\n');
  });
});
