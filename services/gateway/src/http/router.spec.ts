import { matchRoute, ROUTE_METHODS, splitUrl } from './router';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('matchRoute', () => {
  it.each([
    ['/v2/', 'base', {}],
    ['/v2', 'base', {}],
    ['/v2/_catalog', 'catalog', {}],
    ['/v2/team/app/tags/list', 'tags', { name: 'team/app' }],
    ['/v2/a/b/c/d/tags/list', 'tags', { name: 'a/b/c/d' }],
    ['/v2/team/app/manifests/latest', 'manifest', { name: 'team/app', reference: 'latest' }],
    [`/v2/team/app/manifests/${DIGEST}`, 'manifest', { name: 'team/app', reference: DIGEST }],
    [`/v2/team/app/blobs/${DIGEST}`, 'blob', { name: 'team/app', digest: DIGEST }],
    ['/v2/team/app/blobs/uploads/', 'upload-start', { name: 'team/app' }],
    ['/v2/team/app/blobs/uploads', 'upload-start', { name: 'team/app' }],
    ['/v2/team/app/blobs/uploads/3d84-6c8f', 'upload', { name: 'team/app', uploadId: '3d84-6c8f' }],
    [`/v2/team/app/referrers/${DIGEST}`, 'referrers', { name: 'team/app', digest: DIGEST }],
  ])('%s → %s', (path, route, params) => {
    expect(matchRoute(path)).toEqual({ route, params });
  });

  it('takes the repository name as everything before the last fixed segment', () => {
    // Path components that look like route keywords belong to the name.
    expect(matchRoute('/v2/ns/manifests/tags/list')).toEqual({
      route: 'tags',
      params: { name: 'ns/manifests' },
    });
    expect(matchRoute('/v2/ns/blobs/app/manifests/v1')).toEqual({
      route: 'manifest',
      params: { name: 'ns/blobs/app', reference: 'v1' },
    });
    expect(matchRoute(`/v2/ns/tags/list/blobs/${DIGEST}`)).toEqual({
      route: 'blob',
      params: { name: 'ns/tags/list', digest: DIGEST },
    });
  });

  it('decodes percent-encoded segments (clients may encode the digest colon)', () => {
    expect(matchRoute(`/v2/team/app/blobs/sha256%3A${'a'.repeat(64)}`)?.params.digest).toBe(DIGEST);
  });

  it('answers null for paths outside the API and for undecodable segments', () => {
    expect(matchRoute('/v2/team/app')).toBeNull();
    expect(matchRoute('/v2/team/app/manifests/')).toBeNull();
    expect(matchRoute('/v2/team/app/blobs/uploads/a/b')).toBeNull();
    expect(matchRoute('/v2/team/app/manifests/%E0%A4%A')).toBeNull();
    expect(matchRoute('/v3/')).toBeNull();
  });

  it('lists the methods of every route', () => {
    expect(ROUTE_METHODS.manifest).toEqual(['GET', 'HEAD', 'PUT', 'DELETE']);
    expect(ROUTE_METHODS['upload-start']).toEqual(['POST']);
    expect(ROUTE_METHODS.upload).toEqual(['GET', 'PATCH', 'PUT', 'DELETE']);
  });
});

describe('splitUrl', () => {
  it('separates path and query', () => {
    expect(splitUrl('/v2/a/b/tags/list?n=2&last=x')).toEqual({
      path: '/v2/a/b/tags/list',
      query: 'n=2&last=x',
    });
    expect(splitUrl('/v2/')).toEqual({ path: '/v2/', query: '' });
  });
});
