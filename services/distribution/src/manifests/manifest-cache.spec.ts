import { ManifestCache } from './manifest-cache';

const bytes = (n: number, fill = 'a') => Buffer.alloc(n, fill);

describe('ManifestCache', () => {
  it('evicts the least recently used entries once the byte budget is exceeded', () => {
    const cache = new ManifestCache(10);
    cache.set('a', bytes(4));
    cache.set('b', bytes(4));
    expect(cache.get('a')).toEqual(bytes(4)); // a is now the most recently used
    cache.set('c', bytes(4));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.size).toBe(8);
  });

  it('skips payloads larger than the whole budget and keeps the rest', () => {
    const cache = new ManifestCache(10);
    cache.set('a', bytes(4));
    cache.set('huge', bytes(11));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
  });

  it('counts a replaced entry once', () => {
    const cache = new ManifestCache(10);
    cache.set('a', bytes(4));
    cache.set('a', bytes(6, 'b'));
    expect(cache.size).toBe(6);
    expect(cache.get('a')).toEqual(bytes(6, 'b'));
  });

  it('caches nothing with a budget of 0', () => {
    const cache = new ManifestCache(0);
    cache.set('a', bytes(1));
    expect(cache.get('a')).toBeUndefined();
  });
});
