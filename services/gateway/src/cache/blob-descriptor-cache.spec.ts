import { BerthError, ErrorCode } from '@berth/errors';
import { BlobDescriptorCache } from './blob-descriptor-cache';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;
const blob = (digest: string, size = 10) => ({ digest, size, storageKey: `blobs/${digest}` });
const unknown = () => new BerthError(ErrorCode.BLOB_UNKNOWN);

describe('BlobDescriptorCache', () => {
  let now: number;
  let cache: BlobDescriptorCache;

  beforeEach(() => {
    now = 1_000;
    cache = new BlobDescriptorCache(5000, 100, () => now);
  });

  it('answers a repeated stat from memory, per repository', async () => {
    const load = jest.fn(async () => blob(D1));
    expect(await cache.load('team/app', D1, load)).toEqual(blob(D1));
    expect(await cache.load('team/app', D1, load)).toEqual(blob(D1));
    expect(load).toHaveBeenCalledTimes(1);
    expect(cache.get('team/other', D1)).toBeUndefined();
    expect(cache.get('team/app', D2)).toBeUndefined();
  });

  it('asks again once the TTL has passed', async () => {
    const load = jest.fn(async () => blob(D1));
    await cache.load('team/app', D1, load);
    now += 4999;
    await cache.load('team/app', D1, load);
    expect(load).toHaveBeenCalledTimes(1);
    now += 1;
    expect(cache.get('team/app', D1)).toBeUndefined();
    await cache.load('team/app', D1, load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('never stores an unknown blob: a blob pushed right after is seen at once', async () => {
    const load = jest.fn<Promise<ReturnType<typeof blob>>, []>(async () => {
      throw unknown();
    });
    await expect(cache.load('team/app', D1, load)).rejects.toThrow(BerthError);
    await expect(cache.load('team/app', D1, load)).rejects.toThrow(BerthError);
    expect(load).toHaveBeenCalledTimes(2);
    expect(cache.size).toBe(0);
    load.mockImplementation(async () => blob(D1));
    expect(await cache.load('team/app', D1, load)).toEqual(blob(D1));
  });

  it('does not share a load between concurrent callers', async () => {
    let release!: () => void;
    const first = cache.load(
      'team/app',
      D1,
      () => new Promise((_resolve, reject) => (release = () => reject(unknown()))),
    );
    const second = cache.load('team/app', D1, async () => blob(D1));
    release();
    await expect(first).rejects.toThrow(BerthError);
    expect(await second).toEqual(blob(D1));
  });

  it('serves a remembered blob (commit, mount) without loading', async () => {
    cache.remember('team/app', blob(D1, 42));
    const load = jest.fn(async () => blob(D1));
    expect(await cache.load('team/app', D1, load)).toEqual(blob(D1, 42));
    expect(load).not.toHaveBeenCalled();
  });

  it('forgets a deleted blob, including a load that was in flight during the delete', async () => {
    cache.remember('team/app', blob(D1));
    cache.remember('team/app', blob(D2));
    cache.invalidate('team/app', D1);
    expect(cache.get('team/app', D1)).toBeUndefined();
    expect(cache.get('team/app', D2)).toEqual(blob(D2));

    let answer!: () => void;
    const inflight = cache.load(
      'team/app',
      D1,
      () => new Promise((resolve) => (answer = () => resolve(blob(D1)))),
    );
    cache.invalidate('team/app', D1);
    answer();
    expect(await inflight).toEqual(blob(D1));
    expect(cache.get('team/app', D1)).toBeUndefined();
  });

  it('is bounded, dropping the oldest entries', () => {
    const small = new BlobDescriptorCache(5000, 2, () => now);
    small.remember('a', blob(D1));
    small.remember('b', blob(D1));
    small.remember('c', blob(D1));
    expect([small.get('a', D1), small.size]).toEqual([undefined, 2]);
  });

  it('stores nothing with a TTL of 0', async () => {
    const off = new BlobDescriptorCache(0, 100, () => now);
    off.remember('team/app', blob(D1));
    const load = jest.fn(async () => blob(D1));
    await off.load('team/app', D1, load);
    await off.load('team/app', D1, load);
    expect([load.mock.calls.length, off.size]).toEqual([2, 0]);
  });
});
