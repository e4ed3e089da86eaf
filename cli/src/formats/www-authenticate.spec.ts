import { parseChallenge } from './www-authenticate';

describe('parseChallenge', () => {
  it('reads a Bearer challenge of the token spec', () => {
    expect(
      parseChallenge(
        'Bearer realm="https://r.example/auth/token",service="r.example",scope="repository:a/b:pull,push"',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://r.example/auth/token',
        service: 'r.example',
        scope: 'repository:a/b:pull,push',
      },
    });
  });

  it('accepts spaces, token values, escapes and mixed case', () => {
    expect(parseChallenge('bearer  Realm = "a\\"b" , service=reg , error="insufficient_scope"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'a"b', service: 'reg', error: 'insufficient_scope' },
    });
  });

  it('stops at the next challenge', () => {
    expect(parseChallenge('Basic realm="berth", Bearer realm="x"')).toEqual({
      scheme: 'basic',
      params: { realm: 'berth' },
    });
  });

  it('is undefined without a header', () => {
    expect(parseChallenge(null)).toBeUndefined();
    expect(parseChallenge('')).toBeUndefined();
  });
});
