import { FakeRegistry, type FakeReply } from '../testing/fake-registry';
import { runBerth, storeLogin, tempHome } from '../testing/run-berth';

const DEVS = { name: 'devs', members: ['alice', 'bob'], createdAt: '2025-01-01T00:00:00Z' };

describe('berth group', () => {
  let registry: FakeRegistry;
  let home: string;
  const sent = () => registry.requests.map((q) => [q.method, q.path, q.json]);

  beforeEach(async () => {
    registry = await new FakeRegistry().start();
    home = tempHome();
    storeLogin(home, { url: registry.url });
  });
  afterEach(() => registry.stop());

  it.each<[string[], string, string, unknown, FakeReply]>([
    [
      ['group', 'create', 'devs'],
      'POST',
      '/api/v1/groups',
      { name: 'devs' },
      { status: 201, body: { group: DEVS } },
    ],
    [['group', 'show', 'devs'], 'GET', '/api/v1/groups/devs', undefined, { body: { group: DEVS } }],
    [['group', 'list'], 'GET', '/api/v1/groups', undefined, { body: { groups: [DEVS] } }],
    [['group', 'delete', 'devs'], 'DELETE', '/api/v1/groups/devs', undefined, { status: 204 }],
    [
      ['group', 'add-member', 'devs', 'bob'],
      'PUT',
      '/api/v1/groups/devs/members/bob',
      undefined,
      { body: { group: DEVS } },
    ],
    [
      ['group', 'remove-member', 'devs', 'bob'],
      'DELETE',
      '/api/v1/groups/devs/members/bob',
      undefined,
      { body: { group: DEVS } },
    ],
  ])('%j sends %s %s', async (argv, method, path, json, reply) => {
    registry.on(method, path, reply);
    const r = await runBerth(argv, { home });
    expect(r.code).toBe(0);
    expect(sent()).toEqual([[method, path, json]]);
    const asJson = await runBerth([...argv, '-o', 'json'], { home });
    expect(JSON.parse(asJson.stdout)).toEqual(reply.body ?? {});
  });

  it('prints groups as text', async () => {
    registry.on('GET', '/api/v1/groups/devs', { body: { group: DEVS } });
    registry.on('GET', '/api/v1/groups', { body: { groups: [DEVS] } });
    registry.on('PUT', '/api/v1/groups/devs/members/bob', { body: { group: DEVS } });
    expect((await runBerth(['group', 'show', 'devs'], { home })).stdout).toBe(
      'name:    devs\ncreated: 2025-01-01T00:00:00Z\nmembers: alice, bob\n',
    );
    expect((await runBerth(['group', 'list'], { home })).stdout).toBe(
      'NAME  MEMBERS    CREATED\ndevs  alice,bob  2025-01-01T00:00:00Z\n',
    );
    expect((await runBerth(['group', 'add-member', 'devs', 'bob'], { home })).stdout).toBe(
      'bob added to group devs\n',
    );
  });
});
