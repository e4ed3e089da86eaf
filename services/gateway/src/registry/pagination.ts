import { BerthError, ErrorCode } from '@berth/errors';

export interface Page {
  /** Entries wanted; undefined means all (tags) or the default (catalog). */
  n: number | undefined;
  last: string | undefined;
}

/** `?n=&last=` of tags/list and _catalog; `n` must be a non-negative integer. */
export function parsePage(query: URLSearchParams, max: number, fallback?: number): Page {
  const rawN = query.get('n');
  const rawLast = query.get('last');
  let n = fallback;
  if (rawN !== null && rawN !== '') {
    if (!/^\d+$/.test(rawN))
      throw new BerthError(
        ErrorCode.INVALID_ARGUMENT,
        `n must be a non-negative integer, got ${JSON.stringify(rawN.slice(0, 32))}`,
      );
    n = Math.min(Number(rawN), max);
  }
  return { n, last: rawLast === null || rawLast === '' ? undefined : rawLast };
}

/** RFC 8288 `Link` to the next page: `</v2/…?n=2&last=b>; rel="next"`. */
export function nextLink(path: string, n: number, last: string): string {
  return `<${path}?n=${n}&last=${encodeURIComponent(last)}>; rel="next"`;
}
