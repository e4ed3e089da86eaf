import { openIdentityDatabase, type IdentityDatabase } from '../identity/testing/identity-database';
import { LoginFailuresRepository } from './login-failures.repository';
import { afterFailure } from './login-throttle.rules';

describe('LoginFailuresRepository (PostgreSQL)', () => {
  let idb: IdentityDatabase;
  let failures: LoginFailuresRepository;
  const key = { username: 'alice', clientIp: '10.0.0.1' };
  const rules = { maxFailures: 50, windowMs: 300_000 };
  const t0 = new Date('2025-06-01T12:00:00Z');

  beforeAll(async () => {
    idb = await openIdentityDatabase();
    failures = new LoginFailuresRepository(idb.ds);
  });
  afterAll(() => idb?.close());
  beforeEach(() => idb.ds.query('DELETE FROM "auth"."login_failures"'));

  it('counts every one of many concurrent failures, as from several replicas', async () => {
    // Separate repositories on separate connections, like replicas.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        new LoginFailuresRepository(idb.ds).update(key, (current) =>
          afterFailure(current, new Date(t0.getTime() + i), rules),
        ),
      ),
    );
    await expect(failures.find(key)).resolves.toMatchObject({
      failures: 20,
      windowStartedAt: t0,
      lockedUntil: null,
    });
  });

  it('stores the lock and clears the pair', async () => {
    const locked = await failures.update(key, () => ({
      failures: 3,
      windowStartedAt: t0,
      lockedUntil: new Date(t0.getTime() + 300_000),
    }));
    await expect(failures.find(key)).resolves.toEqual(locked);
    await expect(failures.find({ ...key, clientIp: '10.0.0.2' })).resolves.toBeNull();
    await failures.clear(key);
    await expect(failures.find(key)).resolves.toBeNull();
  });

  it('purges pairs whose window passed and that hold no current lock', async () => {
    const old = new Date(t0.getTime() - 600_000);
    await failures.update({ username: 'stale', clientIp: '' }, () => ({
      failures: 2,
      windowStartedAt: old,
      lockedUntil: null,
    }));
    await failures.update({ username: 'locked', clientIp: '' }, () => ({
      failures: 10,
      windowStartedAt: old,
      lockedUntil: new Date(t0.getTime() + 1000),
    }));
    await failures.update({ username: 'fresh', clientIp: '' }, () => ({
      failures: 1,
      windowStartedAt: t0,
      lockedUntil: null,
    }));
    await expect(failures.purge(new Date(t0.getTime() - 300_000), t0)).resolves.toBe(1);
    const rows: Array<{ username: string }> = await idb.ds.query(
      `SELECT username FROM "auth"."login_failures" ORDER BY username`,
    );
    expect(rows.map((r) => r.username)).toEqual(['fresh', 'locked']);
  });
});
