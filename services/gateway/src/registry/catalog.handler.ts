import { Inject, Injectable } from '@nestjs/common';
import { METADATA_CLIENT, type MetadataClient } from '@berth/metadata-client';
import { CatalogCache } from '../cache/catalog-cache';
import type { RegistryContext } from '../http/registry-context';
import { nextLink, parsePage } from './pagination';

/** Page size without `n`, and the largest page served (as distribution's catalog does). */
const DEFAULT_CATALOG_PAGE = 100;
const MAX_CATALOG_PAGE = 1000;

/** Catalog (`GET /v2/_catalog?n=&last=`): repository names in lexical order, paginated with Link. */
@Injectable()
export class CatalogHandler {
  constructor(
    @Inject(METADATA_CLIENT) private readonly metadata: MetadataClient,
    private readonly cache: CatalogCache,
  ) {}

  async list(ctx: RegistryContext): Promise<void> {
    const page = parsePage(ctx.query, MAX_CATALOG_PAGE, DEFAULT_CATALOG_PAGE);
    const n = page.n ?? DEFAULT_CATALOG_PAGE;
    const result =
      n === 0
        ? { repositories: [], more: false }
        : await this.cache.page(n, page.last, () =>
            this.metadata.listRepositories({ limit: n, last: page.last }),
          );
    const repositories = result.repositories;
    if (result.more && repositories.length > 0) {
      ctx.reply.header('link', nextLink('/v2/_catalog', n, repositories[repositories.length - 1]));
    }
    ctx.reply.code(200).header('content-type', 'application/json').send(JSON.stringify({ repositories }));
  }
}
