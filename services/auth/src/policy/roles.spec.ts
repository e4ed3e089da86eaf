import { ErrorCode } from '@berth/errors';
import { parseBindingRole, parseProjectRole, strongestRole } from './roles';

describe('project roles', () => {
  it.each([
    ['admin', 'admin'],
    ['maintainer', 'maintainer'],
    ['developer', 'developer'],
    ['guest', 'guest'],
    ['administrator', 'admin'],
    ['operator', 'developer'],
    ['editor', 'guest'],
    ['viewer', 'guest'],
    [' Administrator ', 'admin'],
    ['VIEWER', 'guest'],
  ])('%s is stored as %s', (input, canonical) => {
    expect(parseProjectRole(input)).toBe(canonical);
  });

  it.each(['', 'owner', 'image-puller', 'admins', 'root'])('rejects %j', (input) => {
    expect(() => parseProjectRole(input)).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_ARGUMENT }),
    );
  });

  it('picks the strongest role', () => {
    expect(strongestRole(['guest', 'developer', 'maintainer'])).toBe('maintainer');
    expect(strongestRole(['guest', 'admin'])).toBe('admin');
    expect(strongestRole(['guest'])).toBe('guest');
    expect(strongestRole([])).toBeNull();
  });
});

describe('binding roles', () => {
  it.each(['image-puller', 'image-pusher', 'image-builder', 'Image-Builder'])('accepts %s', (input) => {
    expect(parseBindingRole(input)).toBe(input.toLowerCase());
  });

  it.each(['', 'admin', 'image-deleter', 'puller'])('rejects %j', (input) => {
    expect(() => parseBindingRole(input)).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_ARGUMENT }),
    );
  });
});
