import { Inject, Injectable } from '@nestjs/common';
import { PROJECTS_CLIENT, type ProjectsClient } from '@berth/auth-client';
import { METADATA_CLIENT, type MetadataClient } from '@berth/metadata-client';
import { forwardedMetadata } from '../api/forwarded-metadata';
import { CatalogCache } from '../cache/catalog-cache';
import type { RegistryContext } from '../http/registry-context';
import { nextLink, parsePage } from './pagination';

/** Page size without `n`, and the largest page served (as distribution's catalog does). */
const DEFAULT_CATALOG_PAGE = 100;
const MAX_CATALOG_PAGE = 1000;
/** Largest page asked of metadata while looking for repositories the caller may see. */
const MAX_SCAN_BATCH = 1000;

/**
 * Catalog (`GET /v2/_catalog?n=&last=`): the repository names the caller may pull, in lexical
 * order, paginated with Link. Every caller's token holds `registry:catalog:*`; what each may see is
 * decided by auth (ProjectsService.FilterVisibleRepositories, with the caller's Authorization).
 * Unfiltered pages of metadata.ListRepositories are cached and shared; filtered views never are.
 * Pages are read until n + 1 visible names are found or the list ends, so a Link is sent only when
 * another visible name exists, and its `last` is the last name returned.
 */
@Injectable()
export class CatalogHandler {
  constructor(
    @Inject(METADATA_CLIENT) private readonly metadata: MetadataClient,
    @Inject(PROJECTS_CLIENT) private readonly projects: ProjectsClient,
    private readonly cache: CatalogCache,
  ) {}

  async list(ctx: RegistryContext): Promise<void> {
    const page = parsePage(ctx.query, MAX_CATALOG_PAGE, DEFAULT_CATALOG_PAGE);
    const n = page.n ?? DEFAULT_CATALOG_PAGE;
    const visible = n === 0 ? [] : await this.visible(ctx, n + 1, page.last);
    const repositories = visible.slice(0, n);
    if (visible.length > n) {
      ctx.reply.header('link', nextLink('/v2/_catalog', n, repositories[repositories.length - 1]));
    }
    ctx.reply.code(200).header('content-type', 'application/json').send(JSON.stringify({ repositories }));
  }

  /** Up to `wanted` repositories after `last` that the caller may pull, in order. */
  private async visible(ctx: RegistryContext, wanted: number, last: string | undefined): Promise<string[]> {
    const metadata = forwardedMetadata(ctx.req);
    const found: string[] = [];
    let cursor = last;
    let batch = Math.min(Math.max(wanted, DEFAULT_CATALOG_PAGE), MAX_SCAN_BATCH);
    for (;;) {
      const limit = batch;
      const after = cursor;
      const listed = await this.cache.page(limit, after, () =>
        this.metadata.listRepositories({ limit, last: after }),
      );
      if (listed.repositories.length > 0) {
        const allowed = await this.projects.filterVisibleRepositories(
          { repositories: listed.repositories },
          { metadata },
        );
        const keep = new Set(allowed.repositories);
        for (const name of listed.repositories) {
          if (keep.has(name)) found.push(name);
          if (found.length === wanted) return found;
        }
        cursor = listed.repositories[listed.repositories.length - 1];
      }
      if (!listed.more || listed.repositories.length === 0) return found;
      // Few visible names so far: read further ahead per round trip.
      batch = Math.min(batch * 2, MAX_SCAN_BATCH);
    }
  }
}
