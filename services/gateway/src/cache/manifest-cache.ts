import { TtlCache } from './ttl-cache';

/** A stored manifest as served: its bytes, media type and digest. */
export interface CachedManifest {
  digest: string;
  mediaType: string;
  payload: Buffer;
}

/**
 * (repository, digest) → manifest, from distribution.GetManifest. Manifests are immutable, so only
 * a deletion invalidates an entry (this gateway's own, or an `image.deleted` event); the TTL is a
 * safety net for lost events. Bounded by the bytes of the payloads.
 */
export class ManifestCache {
  private readonly cache: TtlCache<CachedManifest>;

  constructor(ttlMs: number, maxBytes: number, now?: () => number) {
    this.cache = new TtlCache<CachedManifest>({
      ttlMs,
      maxWeight: maxBytes,
      weigh: (m) => m.payload.length + 256,
      now,
    });
  }

  get size(): number {
    return this.cache.size;
  }

  load(repository: string, digest: string, load: () => Promise<CachedManifest>): Promise<CachedManifest> {
    return this.cache.getOrLoad(keyOf(repository, digest), load);
  }

  get(repository: string, digest: string): CachedManifest | undefined {
    return this.cache.get(keyOf(repository, digest));
  }

  invalidate(repository: string, digest: string): void {
    this.cache.invalidate(keyOf(repository, digest));
  }

  clear(): void {
    this.cache.clear();
  }
}

function keyOf(repository: string, digest: string): string {
  return `${repository}@${digest}`;
}
