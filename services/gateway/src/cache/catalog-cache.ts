import { TagListCache, type TagPage } from './tag-list-cache';

/**
 * Pages of `_catalog` per (n, last), from metadata.ListRepositories. Dropped whole when a
 * repository is created (change event `repository.created`, or this gateway's own manifest
 * PUTs); the tag cache's TTL bounds staleness when events are lost.
 */
export class CatalogCache {
  private readonly pages: TagListCache;

  constructor(ttlMs: number, now?: () => number) {
    this.pages = new TagListCache(ttlMs, now);
  }

  async page(
    n: number,
    last: string | undefined,
    load: () => Promise<{ repositories: string[]; more: boolean }>,
  ): Promise<{ repositories: string[]; more: boolean }> {
    const page: TagPage = await this.pages.page('', n, last, async () => {
      const loaded = await load();
      return { tags: loaded.repositories, more: loaded.more };
    });
    return { repositories: page.tags, more: page.more };
  }

  invalidate(): void {
    this.pages.clear();
  }
}
