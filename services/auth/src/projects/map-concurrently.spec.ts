import { mapConcurrently } from './map-concurrently';

/** A call per item that resolves when the test says so, recording how many run at once. */
function gatedCalls() {
  const gates: Array<() => void> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fn = (n: number) =>
    new Promise<number>((resolve) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      gates.push(() => {
        inFlight--;
        resolve(n * 10);
      });
    });
  const settle = async () => {
    while (gates.length > 0 || inFlight > 0) {
      gates.splice(0).forEach((open) => open());
      await new Promise((r) => setImmediate(r));
    }
  };
  return { fn, settle, gates, max: () => maxInFlight };
}

describe('mapConcurrently', () => {
  it('keeps at most `limit` calls in flight and returns results in input order', async () => {
    const calls = gatedCalls();
    const items = Array.from({ length: 20 }, (_, i) => i);
    const done = mapConcurrently(items, 3, calls.fn);
    await new Promise((r) => setImmediate(r));
    expect(calls.gates).toHaveLength(3);
    await calls.settle();
    await expect(done).resolves.toEqual(items.map((i) => i * 10));
    expect(calls.max()).toBe(3);
  });

  it('handles fewer items than the limit, and none', async () => {
    await expect(mapConcurrently([1, 2], 8, async (n) => n + 1)).resolves.toEqual([2, 3]);
    await expect(mapConcurrently([], 8, async (n: number) => n)).resolves.toEqual([]);
  });

  it('rejects with the first error and starts no further call', async () => {
    const started: number[] = [];
    const result = mapConcurrently([1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      await new Promise((r) => setImmediate(r));
      if (n === 2) throw new Error('boom');
      return n;
    });
    await expect(result).rejects.toThrow('boom');
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([1, 2, 3]);
  });

  it('refuses a limit below one', async () => {
    await expect(mapConcurrently([1], 0, async (n) => n)).rejects.toThrow(RangeError);
  });
});
