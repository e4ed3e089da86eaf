import { ErrorCode } from '@berth/errors';
import { assertValidTokenName, expiryOf, isExpired } from './api-token';

describe('API token rules', () => {
  const now = new Date('2025-06-01T00:00:00Z');

  it('expire after 90 days by default, never with 0, or after the days asked', () => {
    expect(expiryOf(undefined, now)).toEqual(new Date('2025-08-30T00:00:00Z'));
    expect(expiryOf(0, now)).toBeNull();
    expect(expiryOf(1, now)).toEqual(new Date('2025-06-02T00:00:00Z'));
    expect(expiryOf(3650, now)).not.toBeNull();
  });

  it.each([-1, 1.5, 3651])('refuse a lifetime of %p days', (days) => {
    expect(() => expiryOf(days, now)).toThrow(expect.objectContaining({ code: ErrorCode.INVALID_ARGUMENT }));
  });

  it('are expired from their expiry on; a token without one never is', () => {
    expect(isExpired({ expiresAt: now }, now)).toBe(true);
    expect(isExpired({ expiresAt: new Date(now.getTime() + 1) }, now)).toBe(false);
    expect(isExpired({ expiresAt: null }, now)).toBe(false);
  });

  it('have names like berth-cli@host.example', () => {
    for (const name of ['ci', 'berth-cli@build-01.example.com', 'Laptop_2', 'a'.repeat(100)])
      expect(() => assertValidTokenName(name)).not.toThrow();
    for (const name of ['', '-x', 'with space', 'a/b', 'a'.repeat(101)])
      expect(() => assertValidTokenName(name)).toThrow(
        expect.objectContaining({ code: ErrorCode.INVALID_ARGUMENT }),
      );
  });
});
