import { accessFor, buildChallenge, challengeDetail, formatScope } from './access-policy';

const repo = (name: string, ...actions: string[]) => ({ type: 'repository', name, actions });

describe('accessFor', () => {
  it('needs any valid token for /v2/ and names no scope', () => {
    expect(accessFor('base', 'GET', {})).toEqual({ scopes: [], required: [] });
  });

  it('needs registry:catalog:* for the catalog', () => {
    const access = accessFor('catalog', 'GET', {});
    expect(access.scopes.map(formatScope)).toEqual(['registry:catalog:*']);
    expect(access.required).toEqual([{ type: 'registry', name: 'catalog', action: '*' }]);
  });

  it.each([
    ['manifest', 'GET', ['pull']],
    ['manifest', 'HEAD', ['pull']],
    ['blob', 'GET', ['pull']],
    ['tags', 'GET', ['pull']],
    ['referrers', 'GET', ['pull']],
    ['manifest', 'PUT', ['pull', 'push']],
    ['upload-start', 'POST', ['pull', 'push']],
    ['upload', 'PATCH', ['pull', 'push']],
    ['upload', 'PUT', ['pull', 'push']],
    ['upload', 'GET', ['pull', 'push']],
    ['upload', 'DELETE', ['pull', 'push']],
    ['manifest', 'DELETE', ['delete']],
    ['blob', 'DELETE', ['delete']],
  ] as const)('%s %s needs %j', (route, method, actions) => {
    const access = accessFor(route, method, { name: 'team/app' });
    expect(access.scopes).toEqual([repo('team/app', ...actions)]);
    expect(access.required).toEqual(
      actions.map((action) => ({ type: 'repository', name: 'team/app', action })),
    );
  });

  it('asks for pull on the mount source without requiring it', () => {
    const access = accessFor('upload-start', 'POST', { name: 'team/b' }, 'team/a');
    expect(access.scopes).toEqual([repo('team/b', 'pull', 'push'), repo('team/a', 'pull')]);
    expect(access.required.every((r) => r.name === 'team/b')).toBe(true);
    expect(accessFor('upload-start', 'POST', { name: 'team/b' }, 'team/b').scopes).toHaveLength(1);
  });
});

describe('buildChallenge', () => {
  it('builds the Bearer challenge of the Docker token spec', () => {
    expect(
      buildChallenge('https://r.example/auth/token', 'berth', [
        repo('team/app', 'pull', 'push'),
        repo('team/a', 'pull'),
      ]),
    ).toBe(
      'Bearer realm="https://r.example/auth/token",service="berth",scope="repository:team/app:pull,push repository:team/a:pull"',
    );
  });

  it('leaves the scope out for /v2/ and flags insufficient scope', () => {
    expect(buildChallenge('http://h/auth/token', 'berth', [])).toBe(
      'Bearer realm="http://h/auth/token",service="berth"',
    );
    expect(buildChallenge('http://h/auth/token', 'berth', [repo('a/b', 'pull')], true)).toMatch(
      /,error="insufficient_scope"$/,
    );
  });

  it('escapes quotes', () => {
    expect(buildChallenge('http://h/auth/token', 'be"rth', [])).toContain('service="be\\"rth"');
  });
});

describe('challengeDetail', () => {
  it("is distribution's list of {Type, Name, Action}", () => {
    expect(challengeDetail([{ type: 'repository', name: 'a/b', action: 'pull' }])).toEqual([
      { Type: 'repository', Name: 'a/b', Action: 'pull' },
    ]);
  });
});
