import { VerificationCache } from './verification-cache';

describe('VerificationCache', () => {
  let now = 0;
  const clock = () => now;

  beforeEach(() => {
    now = 1_000_000;
  });

  it('remembers a verification against the same stored hash for at most 60 s', () => {
    const cache = new VerificationCache(120_000, 10, clock);
    const key = VerificationCache.keyOf('admin', 'pw');
    cache.remember(key, 'hash-1');
    expect(cache.has(key, 'hash-1')).toBe(true);
    now += 59_999;
    expect(cache.has(key, 'hash-1')).toBe(true);
    now += 1;
    expect(cache.has(key, 'hash-1')).toBe(false);
  });

  it('forgets the entry when the stored hash changed (password changed)', () => {
    const cache = new VerificationCache(60_000, 10, clock);
    const key = VerificationCache.keyOf('admin', 'pw');
    cache.remember(key, 'hash-1');
    expect(cache.has(key, 'hash-2')).toBe(false);
    expect(cache.has(key, 'hash-1')).toBe(false);
  });

  it('keys by username and secret without ambiguity, never containing the secret', () => {
    expect(VerificationCache.keyOf('ab', 'c')).not.toBe(VerificationCache.keyOf('a', 'bc'));
    expect(VerificationCache.keyOf('admin', 'hunter2hunter2')).not.toContain('hunter2');
  });

  it('is bounded, evicting the oldest entry', () => {
    const cache = new VerificationCache(60_000, 2, clock);
    cache.remember('a', 'h');
    cache.remember('b', 'h');
    cache.remember('c', 'h');
    expect(cache.size).toBe(2);
    expect(cache.has('a', 'h')).toBe(false);
    expect(cache.has('c', 'h')).toBe(true);
  });
});
