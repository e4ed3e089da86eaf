import { ErrorCode } from '@berth/errors';
import { isServiceAccountName, validateServiceAccountName } from './service-account-name';

describe('service account names', () => {
  it.each(['default', 'builder', 'ci', 'a', 'deploy-bot-2', 'a'.repeat(63)])('accepts %s', (name) => {
    expect(isServiceAccountName(name)).toBe(true);
  });

  it.each(['', 'Ci', '-ci', 'ci-', 'ci_bot', 'ci.bot', 'ci:bot', 'ci+bot', 'a'.repeat(64)])(
    'rejects %j',
    (name) => {
      expect(isServiceAccountName(name)).toBe(false);
      expect(() => validateServiceAccountName(name)).toThrow(
        expect.objectContaining({ code: ErrorCode.INVALID_ARGUMENT }),
      );
    },
  );
});
