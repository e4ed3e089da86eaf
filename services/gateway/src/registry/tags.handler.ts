import { Inject, Injectable } from '@nestjs/common';
import { METADATA_CLIENT, type MetadataClient } from '@berth/metadata-client';
import { TagListCache } from '../cache/tag-list-cache';
import type { RepositoryContext } from '../http/registry-context';
import { nextLink, parsePage } from './pagination';

/** Largest page served; a larger `n` is clamped and continued with a Link header. */
const MAX_TAGS_PAGE = 10_000;

/** Tags (`GET /v2/<name>/tags/list?n=&last=`): lexical order, paginated with Link, pages cached. */
@Injectable()
export class TagsHandler {
  constructor(
    @Inject(METADATA_CLIENT) private readonly metadata: MetadataClient,
    private readonly pages: TagListCache,
  ) {}

  async list(ctx: RepositoryContext): Promise<void> {
    const { name } = ctx.params;
    const page = parsePage(ctx.query, MAX_TAGS_PAGE);
    const result = await this.pages.page(name, page.n, page.last, async () => {
      const { tags, more } = await this.metadata.listTags({
        repository: name,
        limit: page.n,
        last: page.last,
      });
      return { tags, more };
    });
    const tags = page.n === 0 ? [] : result.tags;
    if (page.n !== undefined && page.n > 0 && result.more && tags.length > 0) {
      ctx.reply.header('link', nextLink(`/v2/${name}/tags/list`, page.n, tags[tags.length - 1]));
    }
    ctx.reply.code(200).header('content-type', 'application/json').send(JSON.stringify({ name, tags }));
  }
}
