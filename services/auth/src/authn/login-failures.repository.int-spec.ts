import { openIdentityDatabase, type IdentityDatabase } from '../identity/testing/identity-database';
import { LoginFailuresRepository, type Reservation, type ThrottleLimits } from './login-failures.repository';
import { afterAttempt, type FailureState } from './login-throttle.rules';

describe('LoginFailuresRepository (PostgreSQL)', () => {
  let idb: IdentityDatabase;
  let failures: LoginFailuresRepository;
  const key = { username: 'alice', clientIp: '10.0.0.1' };
  const limits = (perAddress: number, perUser: number): ThrottleLimits => ({
    perAddress: { maxFailures: perAddress, windowMs: 300_000 },
    perUser: { maxFailures: perUser, windowMs: 300_000 },
  });
  const t0 = new Date('2025-06-01T12:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);
  const reserved = (r: Reservation) => {
    if (r.outcome !== 'reserved') throw new Error(`expected a reservation, got ${r.outcome}`);
    return r;
  };

  beforeAll(async () => {
    idb = await openIdentityDatabase();
    failures = new LoginFailuresRepository(idb.ds);
  });
  afterAll(() => idb?.close());
  beforeEach(async () => {
    await idb.ds.query('DELETE FROM "auth"."login_failures"');
    await idb.ds.query('DELETE FROM "auth"."login_failures_by_user"');
  });

  it('reserves exactly the maximum of many concurrent attempts, as from several replicas', async () => {
    // Separate repositories, each statement on its own pooled connection, like replicas.
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, () =>
        new LoginFailuresRepository(idb.ds).reserve(key, t0, limits(10, 50)).then((r) => r.outcome),
      ),
    );
    expect(outcomes.filter((o) => o === 'reserved')).toHaveLength(10);
    expect(outcomes.filter((o) => o === 'address-locked')).toHaveLength(20);
    await expect(failures.find(key)).resolves.toMatchObject({ failures: 10, windowStartedAt: t0 });
    // Refused attempts were not counted against the user either.
    await expect(failures.findUser('alice')).resolves.toMatchObject({ failures: 10, lockedUntil: null });
  });

  it('reserves at most the per-user maximum from many addresses at once', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        failures.reserve({ username: 'alice', clientIp: `10.0.1.${i}` }, t0, limits(10, 12)),
      ),
    );
    expect(outcomes.filter((o) => o.outcome === 'reserved')).toHaveLength(12);
    const refused = outcomes.filter((o) => o.outcome === 'user-locked');
    expect(refused).toHaveLength(18);
    expect(refused[0]).toMatchObject({ address: { failures: 1 } });
    await expect(failures.reserve({ ...key, clientIp: '10.0.2.1' }, at(1), limits(10, 12))).resolves.toEqual({
      outcome: 'user-locked',
      lockedUntil: at(300_000),
      address: { failures: 1, windowStartedAt: at(1), lockedUntil: null },
    });
    await expect(failures.findUser('alice')).resolves.toEqual({
      failures: 12,
      windowStartedAt: t0,
      lockedUntil: at(300_000),
    });
  });

  it('follows the throttle rules: lock at the maximum, refusal while locked, fresh windows', async () => {
    const rules = limits(3, 50).perAddress;
    let expected: FailureState | null = null;
    for (const ms of [0, 1000, 2000]) {
      expected = afterAttempt(expected, at(ms), rules);
      await expect(failures.reserve(key, at(ms), limits(3, 50))).resolves.toMatchObject({
        outcome: 'reserved',
        address: expected,
      });
    }
    expect(expected).toMatchObject({ failures: 3, lockedUntil: at(302_000) });
    await expect(failures.reserve(key, at(302_000 - 1), limits(3, 50))).resolves.toEqual({
      outcome: 'address-locked',
      lockedUntil: at(302_000),
    });
    // The lock has expired: a new window starts.
    await expect(failures.reserve(key, at(302_000), limits(3, 50))).resolves.toMatchObject({
      address: { failures: 1, windowStartedAt: at(302_000), lockedUntil: null },
      user: { failures: 1, windowStartedAt: at(302_000) },
    });
    // The window has passed (no lock): a new one starts.
    await expect(failures.reserve(key, at(602_000), limits(3, 50))).resolves.toMatchObject({
      address: { failures: 1, windowStartedAt: at(602_000) },
      user: { failures: 1, windowStartedAt: at(602_000) },
    });
  });

  it('on success forgets the pair and gives back the user’s reservation of that window only', async () => {
    await failures.reserve({ ...key, clientIp: '10.0.0.2' }, t0, limits(10, 3));
    await failures.reserve(key, at(1), limits(10, 3));
    const mine = reserved(await failures.reserve(key, at(2), limits(10, 3)));
    expect(mine.user).toMatchObject({ failures: 3, lockedUntil: at(300_002) });
    await failures.succeeded(key, mine.user.windowStartedAt, limits(10, 3));
    await expect(failures.find(key)).resolves.toBeNull();
    await expect(failures.findUser('alice')).resolves.toEqual({
      failures: 2,
      windowStartedAt: t0,
      lockedUntil: null,
    });
    // A reservation of a window that is over is not given back.
    await failures.succeeded(key, at(-300_000), limits(10, 3));
    await expect(failures.findUser('alice')).resolves.toMatchObject({ failures: 2 });
  });

  it('gives back reservations that were not failures, never below zero', async () => {
    const r = reserved(await failures.reserve(key, t0, limits(1, 50)));
    expect(r.address.lockedUntil).toEqual(at(300_000));
    await failures.release(key, r.address.windowStartedAt, r.user.windowStartedAt, limits(1, 50));
    await expect(failures.find(key)).resolves.toEqual({
      failures: 0,
      windowStartedAt: t0,
      lockedUntil: null,
    });
    await expect(failures.findUser('alice')).resolves.toMatchObject({ failures: 0 });
    await failures.release(key, t0, t0, limits(1, 50));
    await expect(failures.find(key)).resolves.toMatchObject({ failures: 0 });
    // Only the pair (the user refused the attempt).
    await failures.reserve(key, at(1), limits(5, 50));
    await failures.release(key, t0, null, limits(5, 50));
    await expect(failures.find(key)).resolves.toMatchObject({ failures: 0 });
    await expect(failures.findUser('alice')).resolves.toMatchObject({ failures: 1 });
  });

  it('purges buckets whose window passed and that hold no current lock', async () => {
    const old = at(-600_000);
    await failures.reserve({ username: 'stale', clientIp: '' }, old, limits(10, 50));
    await failures.reserve({ username: 'locked', clientIp: '' }, old, limits(10, 50));
    await idb.ds.query(`UPDATE "auth"."login_failures" SET locked_until = $1 WHERE username = 'locked'`, [
      at(1000),
    ]);
    await failures.reserve({ username: 'fresh', clientIp: '' }, t0, limits(10, 50));
    await expect(failures.purge(at(-300_000), t0)).resolves.toBe(3);
    const pairs: Array<{ username: string }> = await idb.ds.query(
      `SELECT username FROM "auth"."login_failures" ORDER BY username`,
    );
    const users: Array<{ username: string }> = await idb.ds.query(
      `SELECT username FROM "auth"."login_failures_by_user" ORDER BY username`,
    );
    expect(pairs.map((r) => r.username)).toEqual(['fresh', 'locked']);
    expect(users.map((r) => r.username)).toEqual(['fresh']);
  });
});
