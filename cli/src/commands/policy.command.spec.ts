import { FakeRegistry } from '../testing/fake-registry';
import { runBerth, storeLogin, tempHome } from '../testing/run-berth';

describe('berth policy', () => {
  let registry: FakeRegistry;
  let home: string;
  const sent = () => registry.requests.map((q) => [q.method, q.path, q.json]);

  beforeEach(async () => {
    registry = await new FakeRegistry().start();
    home = tempHome();
    storeLogin(home, { url: registry.url });
    registry.on('POST', '/api/v1/projects/team-a/rolebindings', { status: 201, body: { binding: {} } });
  });
  afterEach(() => registry.stop());

  it.each([
    [['bob'], { kind: 'user', name: 'bob' }, 'user bob'],
    [
      ['system:serviceaccount:team-b:default'],
      { kind: 'serviceaccount', name: 'team-b:default' },
      'service account team-b:default',
    ],
    [['-z', 'ci'], { kind: 'serviceaccount', name: 'team-a:ci' }, 'service account team-a:ci'],
  ])('add-role-to-user %j binds %j', async (subjectArgs, subject, said) => {
    const r = await runBerth(['policy', 'add-role-to-user', 'image-puller', ...subjectArgs, '-n', 'team-a'], {
      home,
    });
    expect(r).toEqual({
      code: 0,
      stdout: `role image-puller in project team-a bound to ${said}\n`,
      stderr: '',
    });
    expect(sent()).toEqual([
      ['POST', '/api/v1/projects/team-a/rolebindings', { role: 'image-puller', subject }],
    ]);
  });

  it('add-role-to-group binds a group', async () => {
    await runBerth(
      ['policy', 'add-role-to-group', 'image-builder', 'serviceaccounts:team-b', '-n', 'team-a'],
      { home },
    );
    expect(sent()).toEqual([
      [
        'POST',
        '/api/v1/projects/team-a/rolebindings',
        { role: 'image-builder', subject: { kind: 'group', name: 'serviceaccounts:team-b' } },
      ],
    ]);
  });

  it('remove-role-from-user and remove-role-from-group DELETE /rolebindings/{role}/{kind}/{name}', async () => {
    registry.on('DELETE', '/api/v1/projects/team-a/rolebindings/image-pusher/serviceaccount/team-b%3Aci', {
      status: 204,
    });
    registry.on('DELETE', '/api/v1/projects/team-a/rolebindings/image-puller/group/devs', { status: 204 });
    const r = await runBerth(
      ['policy', 'remove-role-from-user', 'image-pusher', 'system:serviceaccount:team-b:ci', '-n', 'team-a'],
      { home },
    );
    await runBerth(['policy', 'remove-role-from-group', 'image-puller', 'devs', '-n', 'team-a'], { home });
    expect(sent()).toEqual([
      ['DELETE', '/api/v1/projects/team-a/rolebindings/image-pusher/serviceaccount/team-b%3Aci', undefined],
      ['DELETE', '/api/v1/projects/team-a/rolebindings/image-puller/group/devs', undefined],
    ]);
    expect(r.stdout).toBe(
      'role image-pusher in project team-a no longer bound to service account team-b:ci\n',
    );
  });

  it('list: the bindings, optionally of one role', async () => {
    const bindings = [
      {
        project: 'team-a',
        role: 'image-puller',
        subject: { kind: 'serviceaccount', name: 'team-b:default' },
        createdAt: 'c1',
      },
    ];
    registry.on('GET', '/api/v1/projects/team-a/rolebindings', { body: { bindings } });
    const r = await runBerth(['policy', 'list', '-n', 'team-a'], { home });
    await runBerth(['policy', 'list', '-n', 'team-a', '--role', 'image-puller'], { home });
    expect(sent()).toEqual([
      ['GET', '/api/v1/projects/team-a/rolebindings', undefined],
      ['GET', '/api/v1/projects/team-a/rolebindings?role=image-puller', undefined],
    ]);
    expect(r.stdout).toBe(
      'ROLE          KIND            NAME            CREATED\nimage-puller  serviceaccount  team-b:default  c1\n',
    );
  });

  it.each([
    [
      ['policy', 'add-role-to-user', 'image-puller', '-n', 'team-a'],
      'missing SUBJECT (a username, system:serviceaccount:PROJECT:NAME, or -z NAME)',
    ],
    [
      ['policy', 'add-role-to-user', 'image-puller', 'bob', '-z', 'ci', '-n', 'team-a'],
      'give SUBJECT or -z NAME, not both',
    ],
    [
      ['policy', 'add-role-to-user', 'image-puller', 'system:serviceaccount:x', '-n', 'team-a'],
      'a service account subject is system:serviceaccount:PROJECT:NAME, not "system:serviceaccount:x"',
    ],
    [['policy', 'add-role-to-group', 'image-puller', 'devs'], 'missing -n PROJECT'],
  ])('refuses %j', async (argv, message) => {
    const r = await runBerth(argv, { home });
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: `berth: ${message}; see 'berth ${argv.slice(0, 2).join(' ')} --help'\n`,
    });
    expect(registry.requests).toEqual([]);
  });
});
