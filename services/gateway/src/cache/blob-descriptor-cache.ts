import type { distributionV1 } from '@berth/proto';
import { TtlCache } from './ttl-cache';

/** Descriptors kept at most (a few hundred bytes each); the oldest go first. */
const MAX_ENTRIES = 50_000;

/**
 * (repository, digest) → BlobDescriptor, from distribution.StatBlob, so the HEAD and GETs of a
 * pull do not each pay a gRPC round trip. Only positive answers are kept: an unknown blob is
 * asked again every time, so a blob pushed through any replica is visible at once.
 *
 * Staleness bound: this gateway's own blob DELETE (and manifest DELETE, or a read that finds the
 * bytes gone) invalidates the entry at once, but a blob unlinked through another replica, or
 * removed by pruning, keeps being answered here for at most the TTL
 * (BERTH_BLOB_CACHE_TTL_MS); its GET then fails with BLOB_UNKNOWN as soon as the bytes are gone.
 */
export class BlobDescriptorCache {
  private readonly cache: TtlCache<distributionV1.BlobDescriptor>;

  constructor(ttlMs: number, maxEntries = MAX_ENTRIES, now?: () => number) {
    this.cache = new TtlCache<distributionV1.BlobDescriptor>({ ttlMs, maxWeight: maxEntries, now });
  }

  get size(): number {
    return this.cache.size;
  }

  /**
   * The cached descriptor, or `load`'s, stored unless the key was invalidated meanwhile. `load`
   * must throw when the blob is unknown: failures are never stored. Loads are not shared between
   * concurrent callers, so a request never gets an "unknown" fetched before it arrived.
   */
  async load(
    repository: string,
    digest: string,
    load: () => Promise<distributionV1.BlobDescriptor>,
  ): Promise<distributionV1.BlobDescriptor> {
    const key = keyOf(repository, digest);
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const mark = this.cache.mark();
    const blob = await load();
    this.cache.setUnlessInvalidated(key, blob, mark);
    return blob;
  }

  get(repository: string, digest: string): distributionV1.BlobDescriptor | undefined {
    return this.cache.get(keyOf(repository, digest));
  }

  /** Records a blob this gateway just linked to the repository (upload commit, mount). */
  remember(repository: string, blob: distributionV1.BlobDescriptor): void {
    this.cache.set(keyOf(repository, blob.digest), blob);
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
