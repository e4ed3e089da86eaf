import { TtlCache } from './ttl-cache';

/** One page of a repository's tags, as metadata.ListTags answered it. */
export interface TagPage {
  tags: string[];
  more: boolean;
}

/** Pages kept at most, counted in tags (a page of 10 000 tags weighs 10 000). */
const MAX_CACHED_TAGS = 1_000_000;

/**
 * Pages of `tags/list` per (repository, n, last), from metadata.ListTags. Any tag change in a
 * repository drops all of its pages: at once for this gateway's own writes and on change events
 * for other replicas'; the TTL (the tag cache's) bounds staleness when events are lost.
 */
export class TagListCache {
  private readonly cache: TtlCache<TagPage>;

  constructor(ttlMs: number, now?: () => number) {
    this.cache = new TtlCache<TagPage>({
      ttlMs,
      maxWeight: MAX_CACHED_TAGS,
      weigh: (p) => p.tags.length + 1,
      now,
    });
  }

  page(
    repository: string,
    n: number | undefined,
    last: string | undefined,
    load: () => Promise<TagPage>,
  ): Promise<TagPage> {
    return this.cache.getOrLoad(keyOf(repository, n, last), load);
  }

  invalidateRepository(repository: string): void {
    const prefix = `${repository}\n`;
    this.cache.invalidateWhere((key) => key.startsWith(prefix));
  }

  clear(): void {
    this.cache.clear();
  }
}

function keyOf(repository: string, n: number | undefined, last: string | undefined): string {
  return `${repository}\n${n ?? ''}\n${last ?? ''}`;
}
