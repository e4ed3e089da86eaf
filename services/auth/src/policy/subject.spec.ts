import { ErrorCode } from '@berth/errors';
import { implicitGroup, parseSubject, splitServiceAccountName, subjectLabel } from './subject';

const ALL = ['user', 'group', 'serviceaccount'] as const;
const invalid = expect.objectContaining({ code: ErrorCode.INVALID_ARGUMENT });

describe('parseSubject', () => {
  it.each([
    [
      { kind: 'user', name: 'Alice' },
      { kind: 'user', name: 'alice' },
    ],
    [
      { kind: 'USER', name: ' bob.smith ' },
      { kind: 'user', name: 'bob.smith' },
    ],
    [
      { kind: 'group', name: 'devs' },
      { kind: 'group', name: 'devs' },
    ],
    [
      { kind: 'group', name: 'authenticated' },
      { kind: 'group', name: 'authenticated' },
    ],
    [
      { kind: 'group', name: 'serviceaccounts:team-a' },
      { kind: 'group', name: 'serviceaccounts:team-a' },
    ],
    [
      { kind: 'serviceaccount', name: 'team-a:builder' },
      { kind: 'serviceaccount', name: 'team-a:builder' },
    ],
    [
      { kind: 'serviceaccount', name: 'system:serviceaccount:team-a:ci' },
      { kind: 'serviceaccount', name: 'team-a:ci' },
    ],
  ])('reads %j as %j', (input, expected) => {
    expect(parseSubject(input, ALL)).toEqual(expected);
  });

  it.each([
    [{ kind: 'robot', name: 'x' }],
    [{ kind: '', name: 'alice' }],
    [{ kind: 'user', name: '' }],
    [{ kind: 'user', name: 'anonymous' }],
    [{ kind: 'user', name: '-alice' }],
    [{ kind: 'group', name: 'serviceaccounts:' }],
    [{ kind: 'group', name: 'serviceaccounts:team_' }],
    [{ kind: 'group', name: 'a:b' }],
    [{ kind: 'serviceaccount', name: 'builder' }],
    [{ kind: 'serviceaccount', name: 'team:' }],
    [{ kind: 'serviceaccount', name: 'team:bad_name' }],
    [{ kind: 'serviceaccount', name: 'x:builder' }],
  ])('rejects %j', (input) => {
    expect(() => parseSubject(input, ALL)).toThrow(invalid);
  });

  it('rejects a kind that is not allowed here, and a missing subject', () => {
    expect(() => parseSubject({ kind: 'serviceaccount', name: 'team:ci' }, ['user', 'group'])).toThrow(
      invalid,
    );
    expect(() => parseSubject(null, ALL)).toThrow(invalid);
  });
});

describe('subject helpers', () => {
  it('recognises implicit groups', () => {
    expect(implicitGroup('authenticated')).toEqual({ kind: 'authenticated' });
    expect(implicitGroup('serviceaccounts:team')).toEqual({ kind: 'serviceaccounts', project: 'team' });
    expect(implicitGroup('devs')).toBeNull();
    expect(implicitGroup('serviceaccounts:x')).toBeNull();
  });

  it('splits service account names and labels subjects', () => {
    expect(splitServiceAccountName('team:ci')).toEqual({ project: 'team', name: 'ci' });
    expect(splitServiceAccountName('team')).toBeNull();
    expect(subjectLabel({ kind: 'serviceaccount', name: 'team:ci' })).toBe('serviceaccount:team:ci');
  });
});
