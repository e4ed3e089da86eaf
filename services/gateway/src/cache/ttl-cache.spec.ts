import { TtlCache } from './ttl-cache';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('TtlCache', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000));

  it('serves a value until its TTL passes', () => {
    const cache = new TtlCache<string>({ ttlMs: 100, maxWeight: 10, now: clock });
    cache.set('k', 'v');
    now += 99;
    expect(cache.get('k')).toBe('v');
    now += 1;
    expect(cache.get('k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('stores nothing with a TTL of 0', () => {
    const cache = new TtlCache<string>({ ttlMs: 0, maxWeight: 10, now: clock });
    cache.set('k', 'v');
    expect(cache.get('k')).toBeUndefined();
  });

  it('loads a missing key once for concurrent callers', async () => {
    const cache = new TtlCache<string>({ ttlMs: 100, maxWeight: 10, now: clock });
    const load = jest.fn(async () => 'v');
    const [a, b] = await Promise.all([cache.getOrLoad('k', load), cache.getOrLoad('k', load)]);
    expect([a, b]).toEqual(['v', 'v']);
    expect(load).toHaveBeenCalledTimes(1);
    expect(cache.get('k')).toBe('v');
  });

  it('does not remember failed loads', async () => {
    const cache = new TtlCache<string>({ ttlMs: 100, maxWeight: 10, now: clock });
    await expect(cache.getOrLoad('k', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await expect(cache.getOrLoad('k', async () => 'v')).resolves.toBe('v');
  });

  it('never stores a load that was in flight when its key was invalidated', async () => {
    const cache = new TtlCache<string>({ ttlMs: 100, maxWeight: 10, now: clock });
    const slow = deferred<string>();
    const first = cache.getOrLoad('k', () => slow.promise);
    cache.invalidate('k');
    // A request after the invalidation loads again instead of joining the stale load.
    const second = cache.getOrLoad('k', async () => 'new');
    slow.resolve('old');
    expect(await first).toBe('old');
    expect(await second).toBe('new');
    expect(cache.get('k')).toBe('new');
  });

  it('invalidates by predicate', () => {
    const cache = new TtlCache<string>({ ttlMs: 100, maxWeight: 10, now: clock });
    cache.set('a', '1');
    cache.set('b', '2');
    cache.invalidateWhere((_k, v) => v === '1');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe('2');
  });

  it('evicts the oldest entries beyond the weight budget and skips oversized values', () => {
    const cache = new TtlCache<string>({ ttlMs: 100, maxWeight: 10, weigh: (v) => v.length, now: clock });
    cache.set('a', 'xxxx');
    cache.set('b', 'xxxx');
    cache.set('c', 'xxxx');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe('xxxx');
    expect(cache.get('c')).toBe('xxxx');
    cache.set('huge', 'x'.repeat(11));
    expect(cache.get('huge')).toBeUndefined();
    cache.clear();
    expect(cache.size).toBe(0);
  });
});
