import { ErrorCode } from '@berth/errors';
import { ADMIN, ALICE, BUILDER_SA } from '../identity/testing/identity-fakes';
import { ANONYMOUS_PRINCIPAL } from '../users/principal';
import {
  isRegistryAdmin,
  requireAdmin,
  requireAuthenticated,
  requireCredential,
  requireSelfOrAdmin,
  requireUser,
} from './permissions';

describe('identity permissions', () => {
  const codeOf = (fn: () => unknown): ErrorCode | 'ok' => {
    try {
      fn();
      return 'ok';
    } catch (err) {
      return (err as { code: ErrorCode }).code;
    }
  };

  it.each([
    [
      'anonymous',
      ANONYMOUS_PRINCIPAL,
      ErrorCode.UNAUTHORIZED,
      ErrorCode.UNAUTHORIZED,
      ErrorCode.UNAUTHORIZED,
    ],
    ['a user', ALICE, 'ok', 'ok', ErrorCode.DENIED],
    ['a service account', BUILDER_SA, 'ok', ErrorCode.DENIED, ErrorCode.DENIED],
    ['an administrator', ADMIN, 'ok', 'ok', 'ok'],
  ] as const)('%s: authenticated %s, user %s, admin %s', (_who, principal, authenticated, user, admin) => {
    expect(codeOf(() => requireAuthenticated(principal))).toBe(authenticated);
    expect(codeOf(() => requireUser(principal))).toBe(user);
    expect(codeOf(() => requireAdmin(principal))).toBe(admin);
    expect(isRegistryAdmin(principal)).toBe(admin === 'ok');
  });

  it('lets users act on themselves, administrators on anyone, and denies the rest alike', () => {
    expect(codeOf(() => requireSelfOrAdmin(ALICE, 'alice'))).toBe('ok');
    expect(codeOf(() => requireSelfOrAdmin(ADMIN, 'alice'))).toBe('ok');
    expect(codeOf(() => requireSelfOrAdmin(ADMIN, 'no-such-user'))).toBe('ok');
    // Whether or not the other user exists: DENIED, so existence does not leak.
    expect(codeOf(() => requireSelfOrAdmin(ALICE, 'admin'))).toBe(ErrorCode.DENIED);
    expect(codeOf(() => requireSelfOrAdmin(ALICE, 'no-such-user'))).toBe(ErrorCode.DENIED);
    expect(codeOf(() => requireSelfOrAdmin(BUILDER_SA, 'alice'))).toBe(ErrorCode.DENIED);
    expect(codeOf(() => requireSelfOrAdmin(ANONYMOUS_PRINCIPAL, 'alice'))).toBe(ErrorCode.UNAUTHORIZED);
  });

  it('refuses Bearer access tokens where a password or API token is needed, and only them', () => {
    for (const via of ['anonymous', 'password', 'api-token', 'pull-secret'] as const)
      expect(codeOf(() => requireCredential({ via }))).toBe('ok');
    expect(() => requireCredential({ via: 'bearer' })).toThrow(
      expect.objectContaining({
        code: ErrorCode.DENIED,
        message: 'this operation needs a password or API token, not an access token',
      }),
    );
  });
});
