import { ErrorCode } from '@berth/errors';
import { Logger } from '@nestjs/common';
import { FakeClock, throttleWith } from '../identity/testing/identity-fakes';
import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  let clock: FakeClock;
  const key = LoginThrottle.keyOf('Alice', '10.0.0.1');

  beforeEach(() => {
    clock = new FakeClock();
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('keys by lowercased username and client address', () => {
    expect(key).toEqual({ username: 'alice', clientIp: '10.0.0.1' });
  });

  it('refuses with TOOMANYREQUESTS once the maximum is reached, saying when to retry', async () => {
    const { throttle } = throttleWith(clock);
    for (let i = 0; i < 3; i++) {
      await expect(throttle.assertNotLocked(key)).resolves.toEqual({ hasFailures: i > 0 });
      await throttle.recordFailure(key);
    }
    clock.advance(100_000);
    await expect(throttle.assertNotLocked(key)).rejects.toMatchObject({
      code: ErrorCode.TOOMANYREQUESTS,
      message: 'too many failed logins for this user from this address; try again in 200 s',
      detail: { retryAfterSeconds: 200 },
    });
    clock.advance(200_000);
    await expect(throttle.assertNotLocked(key)).resolves.toEqual({ hasFailures: true });
  });

  it('throttles each (user, address) pair on its own', async () => {
    const { throttle } = throttleWith(clock);
    for (let i = 0; i < 3; i++) await throttle.recordFailure(key);
    await expect(throttle.check(key)).resolves.toMatchObject({ locked: true });
    await expect(throttle.check(LoginThrottle.keyOf('alice', '10.0.0.2'))).resolves.toEqual({
      locked: false,
      hasFailures: false,
    });
    await expect(throttle.check(LoginThrottle.keyOf('bob', '10.0.0.1'))).resolves.toEqual({
      locked: false,
      hasFailures: false,
    });
  });

  it('forgets the failures when cleared (a successful login)', async () => {
    const { throttle, failures } = throttleWith(clock);
    await throttle.recordFailure(key);
    await throttle.recordFailure(key);
    await throttle.clear(key);
    expect(failures.rows.size).toBe(0);
    await throttle.recordFailure(key);
    await throttle.recordFailure(key);
    await expect(throttle.check(key)).resolves.toEqual({ locked: false, hasFailures: true });
  });

  it('shares its state through the repository, as replicas do through PostgreSQL', async () => {
    const first = throttleWith(clock);
    const second = throttleWith(clock, first.failures);
    await first.throttle.recordFailure(key);
    await second.throttle.recordFailure(key);
    await first.throttle.recordFailure(key);
    await expect(second.throttle.check(key)).resolves.toMatchObject({ locked: true });
  });

  it('logs the lock with username and address only', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { throttle } = throttleWith(clock);
    for (let i = 0; i < 3; i++) await throttle.recordFailure(key);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(
      /^too many failed logins: user="alice" ip="10.0.0.1" refused until /,
    );
  });
});
