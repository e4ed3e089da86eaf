/**
 * The OCI Distribution routes under /v2/, matched by regular expression as CNCF distribution's
 * router does (registry/api/v2/routes.go): repository names contain slashes, so the name is
 * whatever precedes the last fixed segment of the route.
 */
export type RouteName =
  'base' | 'catalog' | 'tags' | 'manifest' | 'blob' | 'upload-start' | 'upload' | 'referrers';

export interface RouteParams {
  /** Repository name (every route but base and catalog). */
  name?: string;
  /** manifest: tag or digest. */
  reference?: string;
  /** blob, referrers: digest as given (not yet validated). */
  digest?: string;
  /** upload: session id. */
  uploadId?: string;
}

export interface RouteMatch {
  route: RouteName;
  params: RouteParams;
}

/** Methods each route answers; anything else is 405 UNSUPPORTED. */
export const ROUTE_METHODS: Readonly<Record<RouteName, readonly string[]>> = {
  base: ['GET', 'HEAD'],
  catalog: ['GET', 'HEAD'],
  tags: ['GET', 'HEAD'],
  manifest: ['GET', 'HEAD', 'PUT', 'DELETE'],
  blob: ['GET', 'HEAD', 'DELETE'],
  'upload-start': ['POST'],
  upload: ['GET', 'PATCH', 'PUT', 'DELETE'],
  referrers: ['GET', 'HEAD'],
};

interface RoutePattern {
  route: RouteName;
  regex: RegExp;
  /** Names of the capture groups after the repository name. */
  groups: ReadonlyArray<keyof RouteParams>;
}

// Most frequent first: manifests and blobs carry nearly all traffic.
const PATTERNS: readonly RoutePattern[] = [
  { route: 'manifest', regex: /^\/v2\/(.+)\/manifests\/([^/]+)$/, groups: ['reference'] },
  { route: 'upload-start', regex: /^\/v2\/(.+)\/blobs\/uploads\/?$/, groups: [] },
  { route: 'upload', regex: /^\/v2\/(.+)\/blobs\/uploads\/([^/]+)$/, groups: ['uploadId'] },
  { route: 'blob', regex: /^\/v2\/(.+)\/blobs\/([^/]+)$/, groups: ['digest'] },
  { route: 'tags', regex: /^\/v2\/(.+)\/tags\/list\/?$/, groups: [] },
  { route: 'referrers', regex: /^\/v2\/(.+)\/referrers\/([^/]+)$/, groups: ['digest'] },
];

/** The route of a request path (without query string), or null when no route matches. */
export function matchRoute(path: string): RouteMatch | null {
  if (path === '/v2/' || path === '/v2') return { route: 'base', params: {} };
  if (path === '/v2/_catalog' || path === '/v2/_catalog/') return { route: 'catalog', params: {} };
  for (const pattern of PATTERNS) {
    const m = pattern.regex.exec(path);
    if (!m) continue;
    const name = decode(m[1]);
    if (name === null) return null;
    const params: RouteParams = { name };
    for (let i = 0; i < pattern.groups.length; i++) {
      const value = decode(m[i + 2]);
      if (value === null) return null;
      params[pattern.groups[i]] = value;
    }
    return { route: pattern.route, params };
  }
  return null;
}

/** Splits a raw request URL into path and query string (without "?"). */
export function splitUrl(url: string): { path: string; query: string } {
  const q = url.indexOf('?');
  return q < 0 ? { path: url, query: '' } : { path: url.slice(0, q), query: url.slice(q + 1) };
}

function decode(segment: string): string | null {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
