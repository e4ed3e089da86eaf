import { TtlCache } from './ttl-cache';

/** Tags resolutions kept at most (each entry is a few hundred bytes). */
const MAX_TAGS = 100_000;

/**
 * tag → digest per repository, from metadata.ResolveTag. Invalidated at once by this gateway's own
 * writes and by change events from other replicas; the TTL bounds staleness when events are lost.
 */
export class TagCache {
  private readonly cache: TtlCache<string>;

  constructor(ttlMs: number, now?: () => number) {
    this.cache = new TtlCache<string>({ ttlMs, maxWeight: MAX_TAGS, now });
  }

  get size(): number {
    return this.cache.size;
  }

  resolve(repository: string, tag: string, load: () => Promise<string>): Promise<string> {
    return this.cache.getOrLoad(keyOf(repository, tag), load);
  }

  get(repository: string, tag: string): string | undefined {
    return this.cache.get(keyOf(repository, tag));
  }

  invalidate(repository: string, tag: string): void {
    this.cache.invalidate(keyOf(repository, tag));
  }

  /** Drops every tag of the repository that resolves to `digest` (the manifest was deleted). */
  invalidateDigest(repository: string, digest: string): void {
    const prefix = `${repository}:`;
    this.cache.invalidateWhere((key, value) => value === digest && key.startsWith(prefix));
  }

  clear(): void {
    this.cache.clear();
  }
}

// Neither repository names nor tags contain ':', so the key is unambiguous.
function keyOf(repository: string, tag: string): string {
  return `${repository}:${tag}`;
}
