import { ErrorCode } from '@berth/errors';
import { Logger } from '@nestjs/common';
import { FakeClock, throttleWith } from '../identity/testing/identity-fakes';
import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  let clock: FakeClock;
  let warn: jest.SpyInstance;
  const key = LoginThrottle.keyOf('Alice', '10.0.0.1');
  const from = (ip: string) => LoginThrottle.keyOf('alice', ip);

  beforeEach(() => {
    clock = new FakeClock();
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('keys by lowercased username and client address', () => {
    expect(key).toEqual({ username: 'alice', clientIp: '10.0.0.1' });
  });

  it('reserves attempts up to the maximum, then refuses with TOOMANYREQUESTS, saying when to retry', async () => {
    const { throttle } = throttleWith(clock);
    for (let i = 0; i < 3; i++) await throttle.failed(await throttle.reserve(key), '"alice"');
    clock.advance(100_000);
    await expect(throttle.reserve(key)).rejects.toMatchObject({
      code: ErrorCode.TOOMANYREQUESTS,
      message: 'too many failed logins for this user from this address; try again in 200 s',
      detail: { retryAfterSeconds: 200 },
    });
    clock.advance(200_000);
    await expect(throttle.reserve(key)).resolves.toMatchObject({ address: { failures: 1 } });
  });

  it('counts attempts still being checked, so concurrent ones cannot exceed the maximum', async () => {
    const { throttle } = throttleWith(clock);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => throttle.reserve(key)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(
      results.filter((r) => r.status === 'rejected' && r.reason.code === ErrorCode.TOOMANYREQUESTS),
    ).toHaveLength(7);
  });

  it('throttles each (user, address) pair on its own, an empty address being one', async () => {
    const { throttle } = throttleWith(clock);
    for (let i = 0; i < 3; i++) await throttle.failed(await throttle.reserve(key), '"alice"');
    await expect(throttle.reserve(key)).rejects.toMatchObject({ code: ErrorCode.TOOMANYREQUESTS });
    await expect(throttle.reserve(from('10.0.0.2'))).resolves.toBeDefined();
    await expect(throttle.reserve(LoginThrottle.keyOf('bob', '10.0.0.1'))).resolves.toBeDefined();
    for (let i = 0; i < 3; i++) await throttle.failed(await throttle.reserve(from('')), '"alice"');
    await expect(throttle.reserve(from(''))).rejects.toMatchObject({ code: ErrorCode.TOOMANYREQUESTS });
  });

  it('limits a user from every address together, the empty address included', async () => {
    const { throttle, failures } = throttleWith(clock, undefined, 3, 300, 5);
    for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3', '', '10.0.0.4'])
      await throttle.failed(await throttle.reserve(from(ip)), '"alice"');
    for (const ip of ['10.0.0.5', '', '10.0.0.1'])
      await expect(throttle.reserve(from(ip))).rejects.toMatchObject({
        code: ErrorCode.TOOMANYREQUESTS,
        message: 'too many failed logins for this user; try again in 300 s',
      });
    // A refusal by the user's limit does not count against the pair.
    await expect(failures.find(from('10.0.0.5'))).resolves.toMatchObject({ failures: 0 });
    await expect(throttle.reserve(LoginThrottle.keyOf('bob', '10.0.0.5'))).resolves.toBeDefined();
    clock.advance(300_000);
    await expect(throttle.reserve(from('10.0.0.5'))).resolves.toBeDefined();
  });

  it('on success forgets the pair’s failures and gives back only its own reservation of the user’s', async () => {
    const { throttle, failures } = throttleWith(clock, undefined, 3, 300, 5);
    await throttle.failed(await throttle.reserve(from('10.0.0.9')), '"alice"');
    await throttle.failed(await throttle.reserve(key), '"alice"');
    await throttle.failed(await throttle.reserve(key), '"alice"');
    await throttle.succeeded(await throttle.reserve(key));
    await expect(failures.find(key)).resolves.toBeNull();
    await expect(failures.findUser('alice')).resolves.toMatchObject({ failures: 3, lockedUntil: null });
    await throttle.failed(await throttle.reserve(key), '"alice"');
    await throttle.failed(await throttle.reserve(key), '"alice"');
    await expect(throttle.reserve(key)).rejects.toMatchObject({
      message: expect.stringContaining('for this user; try again'),
    });
  });

  it('gives both reservations back when the secret could not be checked', async () => {
    const { throttle, failures } = throttleWith(clock);
    for (let i = 0; i < 5; i++) await throttle.release(await throttle.reserve(key));
    await expect(failures.find(key)).resolves.toMatchObject({ failures: 0, lockedUntil: null });
    await expect(failures.findUser('alice')).resolves.toMatchObject({ failures: 0 });
  });

  it('shares its state through the repository, as replicas do through PostgreSQL', async () => {
    const first = throttleWith(clock);
    const second = throttleWith(clock, first.failures);
    await first.throttle.failed(await first.throttle.reserve(key), '"alice"');
    await second.throttle.failed(await second.throttle.reserve(key), '"alice"');
    await first.throttle.failed(await first.throttle.reserve(key), '"alice"');
    await expect(second.throttle.reserve(key)).rejects.toMatchObject({ code: ErrorCode.TOOMANYREQUESTS });
  });

  it('logs a lock once, naming the user only as it is told to, and says until when', async () => {
    const { throttle } = throttleWith(clock);
    const states = [];
    for (let i = 0; i < 3; i++)
      states.push(await throttle.failed(await throttle.reserve(key), '(unknown user, 5 characters)'));
    expect(states.map((s) => s.throttledUntil?.toISOString() ?? null)).toEqual([
      null,
      null,
      '2025-06-01T12:05:00.000Z',
    ]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toBe(
      'too many failed logins: user=(unknown user, 5 characters) ip="10.0.0.1" refused until 2025-06-01T12:05:00.000Z',
    );
  });
});
