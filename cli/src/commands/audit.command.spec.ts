import { FakeRegistry } from '../testing/fake-registry';
import { runBerth, storeLogin, tempHome } from '../testing/run-berth';

describe('berth audit', () => {
  let registry: FakeRegistry;
  let home: string;

  beforeEach(async () => {
    registry = await new FakeRegistry().start();
    home = tempHome();
    storeLogin(home, { url: registry.url });
  });
  afterEach(() => registry.stop());

  const events = [
    {
      id: 'e2',
      at: 't2',
      actor: 'alice',
      action: 'member.added',
      project: 'team-a',
      target: 'user:bob',
      clientIp: '10.0.0.1',
      outcome: 'success',
    },
    {
      id: 'e1',
      at: 't1',
      actor: 'anonymous',
      action: 'login.failed',
      project: '',
      target: 'bob',
      clientIp: '10.0.0.2',
      outcome: 'failure',
    },
  ];

  it('passes the filters as the query and prints a table, with a hint for the next page', async () => {
    registry.on('GET', '/api/v1/audit-events', { body: { events, more: true } });
    const r = await runBerth(
      [
        'audit',
        '-n',
        'team-a',
        '--action',
        'member.added',
        '--actor',
        'alice',
        '--limit',
        '2',
        '--before',
        'e9',
      ],
      { home },
    );
    expect(registry.requests.map((q) => q.path)).toEqual([
      '/api/v1/audit-events?project=team-a&action=member.added&actor=alice&limit=2&before=e9',
    ]);
    expect(r.stdout).toBe(
      [
        'TIME  ACTOR      ACTION        PROJECT  TARGET    OUTCOME  CLIENT',
        't2    alice      member.added  team-a   user:bob  success  10.0.0.1',
        't1    anonymous  login.failed  -        bob       failure  10.0.0.2',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe('More: --before e1\n');
  });

  it('asks without filters by default; -o json is the response', async () => {
    registry.on('GET', '/api/v1/audit-events', { body: { events, more: false } });
    const r = await runBerth(['audit', '-o', 'json'], { home });
    expect(registry.requests.map((q) => q.path)).toEqual(['/api/v1/audit-events']);
    expect(JSON.parse(r.stdout)).toEqual({ events, more: false });
  });
});
