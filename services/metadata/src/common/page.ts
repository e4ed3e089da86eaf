/** Lexical paging as the OCI API does it: at most `limit` items strictly after `last`. */
export interface PageRequest {
  /** Absent: everything. 0: nothing. */
  limit?: number;
  last?: string;
}

export interface Page {
  items: string[];
  /** True when more items follow the last one returned. */
  more: boolean;
}

/** Cuts the `limit + 1` rows a paging query fetched into a page. */
export function toPage(rows: string[], limit: number | undefined): Page {
  if (limit === undefined || rows.length <= limit) return { items: rows, more: false };
  return { items: rows.slice(0, limit), more: true };
}

/** SQL LIMIT value that fetches one row more than asked (to know whether more follow); null = no limit. */
export function fetchLimit(limit: number | undefined): number | null {
  return limit === undefined ? null : limit + 1;
}
