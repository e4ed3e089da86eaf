interface Entry<V> {
  value: V;
  expiresAtMs: number;
  weight: number;
}

export interface TtlCacheOptions<V> {
  /** How long an entry is trusted; 0 disables the cache (every lookup fetches). */
  ttlMs: number;
  /** Budget of the summed weights; the oldest entries go first when it is exceeded. */
  maxWeight: number;
  /** Weight of one value (default 1: maxWeight counts entries). */
  weigh?: (value: V) => number;
  /** Milliseconds since the epoch; tests pass a fake clock. */
  now?: () => number;
}

/**
 * A bounded in-memory cache with a TTL, single-flight loads and safe invalidation: a load that
 * was in flight when its key was invalidated answers its caller but is not stored, so a stale
 * answer fetched before a change can never outlive the change's invalidation.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly inflight = new Map<string, Promise<V>>();
  /** Bumped by every invalidation; a load stores its result only if it is unchanged. */
  private generation = 0;
  private weight = 0;
  private readonly ttlMs: number;
  private readonly maxWeight: number;
  private readonly weigh: (value: V) => number;
  private readonly now: () => number;

  constructor(options: TtlCacheOptions<V>) {
    this.ttlMs = options.ttlMs;
    this.maxWeight = options.maxWeight;
    this.weigh = options.weigh ?? (() => 1);
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached value, or undefined when absent or expired. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (this.now() < entry.expiresAtMs) return entry.value;
    this.remove(key, entry);
    return undefined;
  }

  /** The cached value, or the result of `load` (one load per key at a time), stored when still valid. */
  getOrLoad(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.get(key);
    if (hit !== undefined) return Promise.resolve(hit);
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const generation = this.generation;
    const promise = load().then(
      (value) => {
        if (this.inflight.get(key) === promise) this.inflight.delete(key);
        if (generation === this.generation) this.set(key, value);
        return value;
      },
      (err: unknown) => {
        if (this.inflight.get(key) === promise) this.inflight.delete(key);
        throw err;
      },
    );
    this.inflight.set(key, promise);
    return promise;
  }

  /**
   * A mark to pass to `setUnlessInvalidated` after a load the caller runs itself (without
   * single-flight, so that no caller ever shares an answer fetched before it arrived).
   */
  mark(): number {
    return this.generation;
  }

  /** Stores `value` unless an invalidation happened since `mark` was taken. */
  setUnlessInvalidated(key: string, value: V, mark: number): void {
    if (mark === this.generation) this.set(key, value);
  }

  set(key: string, value: V): void {
    if (this.ttlMs <= 0) return;
    const weight = this.weigh(value);
    if (weight > this.maxWeight) return;
    const previous = this.entries.get(key);
    if (previous) this.remove(key, previous);
    this.entries.set(key, { value, expiresAtMs: this.now() + this.ttlMs, weight });
    this.weight += weight;
    if (this.weight > this.maxWeight) this.evict();
  }

  invalidate(key: string): void {
    this.generation++;
    this.inflight.delete(key);
    const entry = this.entries.get(key);
    if (entry) this.remove(key, entry);
  }

  /** Invalidates every entry for which `predicate` holds (and every load in flight). */
  invalidateWhere(predicate: (key: string, value: V) => boolean): void {
    this.generation++;
    this.inflight.clear();
    for (const [key, entry] of this.entries) {
      if (predicate(key, entry.value)) this.remove(key, entry);
    }
  }

  clear(): void {
    this.generation++;
    this.inflight.clear();
    this.entries.clear();
    this.weight = 0;
  }

  private remove(key: string, entry: Entry<V>): void {
    this.entries.delete(key);
    this.weight -= entry.weight;
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.weight <= this.maxWeight) break;
      this.remove(key, entry);
    }
  }
}
