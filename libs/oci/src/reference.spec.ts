import { BerthError, ErrorCode } from '@berth/errors';
import {
  isRepositoryName,
  isTag,
  parseReference,
  REPOSITORY_NAME_MAX_LENGTH,
  validateRepositoryName,
  validateTag,
} from './reference';

const DIGEST = 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';

function thrown(fn: () => unknown, code: ErrorCode): BerthError {
  try {
    fn();
  } catch (err) {
    if (BerthError.is(err, code)) return err;
    throw err;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}

describe('validateRepositoryName', () => {
  it.each([
    'library/ubuntu',
    'acme/team/app',
    'a/b',
    'my-org/my_app',
    'org/a__b',
    'org/a---b',
    'org/app.v2',
    'org0/0app/9',
    `${'a'.repeat(100)}/${'b'.repeat(REPOSITORY_NAME_MAX_LENGTH - 101)}`,
  ])('accepts %s', (name) => {
    expect(() => validateRepositoryName(name)).not.toThrow();
    expect(isRepositoryName(name)).toBe(true);
  });

  it.each([
    ['empty', '', /must not be empty/],
    ['single component', 'ubuntu', /at least two path components/],
    ['uppercase', 'Library/ubuntu', /"Library" must be lowercase/],
    ['leading slash', '/org/app', /empty path component/],
    ['trailing slash', 'org/app/', /empty path component/],
    ['double slash', 'org//app', /empty path component/],
    ['bad character', 'org/app@1', /contains "@"/],
    ['space', 'org/my app', /contains " "/],
    ['colon', 'org/app:latest', /contains ":"/],
    ['leading separator', 'org/-app', /must start and end with a lowercase letter or digit/],
    ['trailing separator', 'org/app.', /must start and end/],
    ['double dot', 'org/a..b', /invalid separator/],
    ['triple underscore', 'org/a___b', /invalid separator/],
    ['mixed separators', 'org/a._b', /invalid separator/],
    ['dot-dot component', 'org/../app', /must start and end/],
  ])('rejects %s with NAME_INVALID saying why', (_case, name, message) => {
    const error = thrown(() => validateRepositoryName(name), ErrorCode.NAME_INVALID);
    expect(error.message).toMatch(message);
    expect(isRepositoryName(name)).toBe(false);
  });

  it(`allows ${REPOSITORY_NAME_MAX_LENGTH} characters and refuses one more`, () => {
    const name = (length: number) => `org/${'a'.repeat(length - 4)}`;
    expect(() => validateRepositoryName(name(REPOSITORY_NAME_MAX_LENGTH))).not.toThrow();
    const error = thrown(
      () => validateRepositoryName(name(REPOSITORY_NAME_MAX_LENGTH + 1)),
      ErrorCode.NAME_INVALID,
    );
    expect(error.message).toBe('repository name is 253 characters long; at most 252 are allowed');
  });

  it('puts the (clipped) name in the detail', () => {
    expect(thrown(() => validateRepositoryName('Org/App'), ErrorCode.NAME_INVALID).detail).toEqual({
      name: 'Org/App',
    });
    const long = thrown(() => validateRepositoryName('a'.repeat(10_000)), ErrorCode.NAME_INVALID);
    expect((long.detail as { name: string }).name).toHaveLength(256);
  });

  it('rejects non-strings without crashing', () => {
    expect(isRepositoryName(undefined)).toBe(false);
    expect(isRepositoryName(['org', 'app'])).toBe(false);
  });
});

describe('validateTag', () => {
  it.each(['latest', 'v1.2.3', '_private', '1.0-rc.1_build', 'A'.repeat(128), 'x'])('accepts %s', (tag) => {
    expect(() => validateTag(tag)).not.toThrow();
    expect(isTag(tag)).toBe(true);
  });

  it.each([
    ['empty', '', /must not be empty/],
    ['too long', 'a'.repeat(129), /129 characters long; at most 128/],
    ['leading dot', '.hidden', /must start with a letter, a digit or "_"/],
    ['leading dash', '-rc', /must start with/],
    ['colon', 'v1:2', /contains ":"/],
    ['plus', '1.0+build', /contains "\+"/],
    ['slash', 'feature/x', /contains "\/"/],
    ['unicode', 'café', /contains "é"/],
  ])('rejects %s with TAG_INVALID', (_case, tag, message) => {
    expect(thrown(() => validateTag(tag), ErrorCode.TAG_INVALID).message).toMatch(message);
    expect(isTag(tag)).toBe(false);
  });
});

describe('parseReference', () => {
  it('recognizes tags', () => {
    expect(parseReference('v1.0')).toEqual({ kind: 'tag', tag: 'v1.0' });
  });

  it('recognizes digests', () => {
    expect(parseReference(DIGEST)).toEqual({
      kind: 'digest',
      digest: { algorithm: 'sha256', hex: DIGEST.slice(7), value: DIGEST },
    });
  });

  it('treats anything with a colon as a digest, so a bad digest is DIGEST_INVALID', () => {
    expect(thrown(() => parseReference('sha256:abc'), ErrorCode.DIGEST_INVALID).message).toMatch(
      /64 lowercase hex/,
    );
    thrown(() => parseReference('latest:1'), ErrorCode.DIGEST_INVALID);
  });

  it('rejects an invalid tag with TAG_INVALID', () => {
    thrown(() => parseReference('.bad'), ErrorCode.TAG_INVALID);
    thrown(() => parseReference(''), ErrorCode.TAG_INVALID);
  });
});
