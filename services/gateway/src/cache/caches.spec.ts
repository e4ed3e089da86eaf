import type { ChangeEvent } from '@berth/queue';
import { applyChangeEvent } from './change-events.subscriber';
import { CatalogCache } from './catalog-cache';
import { ManifestCache } from './manifest-cache';
import { TagListCache } from './tag-list-cache';
import { TagCache } from './tag-cache';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;
const manifest = (digest: string) => ({
  digest,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  payload: Buffer.from('{}'),
});

describe('gateway caches', () => {
  let tags: TagCache;
  let tagLists: TagListCache;
  let catalog: CatalogCache;
  let manifests: ManifestCache;
  const caches = () => ({ tags, tagLists, catalog, manifests });

  beforeEach(() => {
    tags = new TagCache(5000);
    tagLists = new TagListCache(5000);
    catalog = new CatalogCache(5000);
    manifests = new ManifestCache(60_000, 1 << 20);
  });

  it('resolves a tag once and serves it from memory', async () => {
    const load = jest.fn(async () => D1);
    await tags.resolve('team/app', 'v1', load);
    await tags.resolve('team/app', 'v1', load);
    expect(load).toHaveBeenCalledTimes(1);
    expect(tags.get('team/app', 'v1')).toBe(D1);
    expect(tags.get('team/other', 'v1')).toBeUndefined();
  });

  it('drops every tag of a repository pointing at a deleted digest', async () => {
    await tags.resolve('team/app', 'a', async () => D1);
    await tags.resolve('team/app', 'b', async () => D1);
    await tags.resolve('team/app', 'c', async () => D2);
    await tags.resolve('team/app2', 'a', async () => D1);
    tags.invalidateDigest('team/app', D1);
    expect(tags.get('team/app', 'a')).toBeUndefined();
    expect(tags.get('team/app', 'b')).toBeUndefined();
    expect(tags.get('team/app', 'c')).toBe(D2);
    expect(tags.get('team/app2', 'a')).toBe(D1);
  });

  it.each<[string, ChangeEvent]>([
    [
      'tag.updated',
      { type: 'tag.updated', repository: 'team/app', tag: 'v1', digest: D2, previousDigest: D1 },
    ],
    ['tag.deleted', { type: 'tag.deleted', repository: 'team/app', tag: 'v1', digest: D1 }],
  ])('%s invalidates the tag', async (_name, event) => {
    await tags.resolve('team/app', 'v1', async () => D1);
    applyChangeEvent(event, caches());
    expect(tags.get('team/app', 'v1')).toBeUndefined();
  });

  it('image.deleted invalidates the manifest and its tags', async () => {
    await tags.resolve('team/app', 'v1', async () => D1);
    await tags.resolve('team/app', 'v2', async () => D1);
    await manifests.load('team/app', D1, async () => manifest(D1));
    await manifests.load('team/app', D2, async () => manifest(D2));
    applyChangeEvent(
      { type: 'image.deleted', repository: 'team/app', digest: D1, removedTags: ['v1'] },
      caches(),
    );
    expect(manifests.get('team/app', D1)).toBeUndefined();
    expect(manifests.get('team/app', D2)).toBeDefined();
    expect(tags.get('team/app', 'v1')).toBeUndefined();
    expect(tags.get('team/app', 'v2')).toBeUndefined();
  });

  it('repository.deleted drops its manifests, tags, tag lists and the catalog', async () => {
    await tags.resolve('team/app', 'v1', async () => D1);
    await tags.resolve('team/app2', 'v1', async () => D1);
    await manifests.load('team/app', D1, async () => manifest(D1));
    await manifests.load('team/app2', D1, async () => manifest(D1));
    const pages = jest.fn(async () => ({ tags: ['v1'], more: false }));
    await tagLists.page('team/app', 2, undefined, pages);
    const load = jest.fn(async () => ({ repositories: ['team/app', 'team/app2'], more: false }));
    await catalog.page(100, undefined, load);
    applyChangeEvent(
      { type: 'repository.deleted', repository: 'team/app', digests: [D1], tags: ['v1'] },
      caches(),
    );
    expect(manifests.get('team/app', D1)).toBeUndefined();
    expect(tags.get('team/app', 'v1')).toBeUndefined();
    expect(manifests.get('team/app2', D1)).toBeDefined();
    expect(tags.get('team/app2', 'v1')).toBe(D1);
    await tagLists.page('team/app', 2, undefined, pages);
    expect(pages).toHaveBeenCalledTimes(2);
    await catalog.page(100, undefined, load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('ignores events that change nothing it caches', async () => {
    await tags.resolve('team/app', 'v1', async () => D1);
    applyChangeEvent({ type: 'image.recorded', repository: 'team/app', digest: D2 }, caches());
    applyChangeEvent({ type: 'repository.created', repository: 'team/new' }, caches());
    expect(tags.get('team/app', 'v1')).toBe(D1);
  });

  it('drops the cached catalog pages when a repository is created, and only then', async () => {
    let repositories = ['team/app'];
    const load = jest.fn(async () => ({ repositories, more: false }));
    expect(await catalog.page(100, undefined, load)).toEqual({ repositories: ['team/app'], more: false });
    await catalog.page(100, undefined, load);
    expect(load).toHaveBeenCalledTimes(1);
    applyChangeEvent({ type: 'image.recorded', repository: 'team/app', digest: D2 }, caches());
    applyChangeEvent({ type: 'tag.updated', repository: 'team/app', tag: 'c', digest: D1 }, caches());
    await catalog.page(100, undefined, load);
    expect(load).toHaveBeenCalledTimes(1);
    repositories = ['team/app', 'team/new'];
    applyChangeEvent({ type: 'repository.created', repository: 'team/new' }, caches());
    expect(await catalog.page(100, undefined, load)).toEqual({
      repositories: ['team/app', 'team/new'],
      more: false,
    });
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('drops every cached tags page of a repository whose tags change', async () => {
    const load = jest.fn(async () => ({ tags: ['a', 'b'], more: false }));
    await tagLists.page('team/app', 2, undefined, load);
    await tagLists.page('team/app', 2, undefined, load);
    await tagLists.page('team/app2', 2, undefined, load);
    expect(load).toHaveBeenCalledTimes(2);
    applyChangeEvent({ type: 'tag.updated', repository: 'team/app', tag: 'c', digest: D1 }, caches());
    await tagLists.page('team/app', 2, undefined, load);
    await tagLists.page('team/app2', 2, undefined, load);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('keeps manifests per repository', async () => {
    await manifests.load('team/app', D1, async () => manifest(D1));
    expect(manifests.get('team/app', D1)?.digest).toBe(D1);
    expect(manifests.get('team/other', D1)).toBeUndefined();
    manifests.invalidate('team/app', D1);
    expect(manifests.get('team/app', D1)).toBeUndefined();
  });
});
