import type { CommandInput } from '../core/command';
import type { CommandContext } from '../core/command-context';

export interface Listing<T> {
  items: T[];
  /** What `-o json` prints: the API's response, or the pages merged into one with `more: false`. */
  response: Record<string, unknown>;
}

/**
 * A listing with `limit`/`last` paging (users, projects): with --limit, one page as the API answers
 * it; without, every page, following `more` with the last item's name as `last`.
 */
export async function listPages<T>(
  ctx: CommandContext,
  input: CommandInput,
  path: string,
  key: string,
  cursor: (item: T) => string,
): Promise<Listing<T>> {
  const api = ctx.api();
  const limit = input.integer('limit', '--limit');
  const last = input.string('last');
  if (last !== undefined && limit === undefined) throw input.usage('--last goes with --limit');
  const itemsOf = (page: Record<string, unknown>) => (Array.isArray(page[key]) ? (page[key] as T[]) : []);
  if (limit !== undefined) {
    const page = await api.get<Record<string, unknown>>(path, { limit, last });
    return { items: itemsOf(page), response: page };
  }
  const items: T[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await api.get<Record<string, unknown>>(path, after === undefined ? {} : { last: after });
    const got = itemsOf(page);
    items.push(...got);
    if (page['more'] !== true || got.length === 0) break;
    after = cursor(got[got.length - 1]);
  }
  return { items, response: { [key]: items, more: false } };
}
