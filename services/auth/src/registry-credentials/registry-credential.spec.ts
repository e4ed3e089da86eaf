import { ErrorCode } from '@berth/errors';
import { validateCredentialFields, validateCredentialName } from './registry-credential';

const invalid = expect.objectContaining({ code: ErrorCode.INVALID_ARGUMENT });

describe('registry credential input', () => {
  it.each(['quay', 'docker-hub', 'my.registry-1', 'a'])('accepts the name %s', (name) => {
    expect(() => validateCredentialName(name)).not.toThrow();
  });

  it.each(['', 'Quay', '-quay', 'quay-', 'quay_io', 'a..b', 'a/b', 'a'.repeat(254)])(
    'rejects the name %j',
    (name) => {
      expect(() => validateCredentialName(name)).toThrow(invalid);
    },
  );

  it('accepts a username, a password and an optional email', () => {
    expect(() =>
      validateCredentialFields({ username: 'robot$ci', password: 'p@ss w0rd', email: '' }),
    ).not.toThrow();
    expect(() =>
      validateCredentialFields({ username: 'u', password: 'p', email: 'ops@example.com' }),
    ).not.toThrow();
  });

  it.each([
    [{ username: '', password: 'p', email: '' }],
    [{ username: 'u', password: '', email: '' }],
    [{ username: 'u\n', password: 'p', email: '' }],
    [{ username: 'u', password: 'p', email: 'not-an-email' }],
  ])('rejects %j', (fields) => {
    expect(() => validateCredentialFields(fields)).toThrow(invalid);
  });

  it('never repeats the password in an error', () => {
    const password = 'super-secret\u0007';
    expect(() => validateCredentialFields({ username: 'u', password, email: '' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('super-secret') }),
    );
  });
});
