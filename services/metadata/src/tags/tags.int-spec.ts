import { ErrorCode } from '@berth/errors';
import { codeOf, digest, MetadataHarness } from '../../test/metadata-harness';

describe('tags: resolve, history, list, delete (gRPC, PostgreSQL, Redis)', () => {
  let h: MetadataHarness;

  beforeAll(async () => {
    h = await MetadataHarness.start();
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('moves a tag, reports the previous digest and keeps the full history, newest first', async () => {
    await h.record('team/move', 'move-a', { tag: 'stable', actor: 'alice' });
    const moved = await h.record('team/move', 'move-b', { tag: 'stable', actor: 'bob' });
    expect(moved).toEqual({ repositoryCreated: false, previousDigest: digest('move-a') });
    expect((await h.metadata.resolveTag({ repository: 'team/move', tag: 'stable' })).digest).toBe(
      digest('move-b'),
    );

    // Re-pushing the same digest under the same tag changes nothing and records no event.
    expect(await h.record('team/move', 'move-b', { tag: 'stable', actor: 'carol' })).toEqual({
      repositoryCreated: false,
    });

    const history = await h.metadata.getTagHistory({ repository: 'team/move', tag: 'stable' });
    expect(history.events.map(({ digest: d, actor, action }) => ({ digest: d, actor, action }))).toEqual([
      { digest: digest('move-b'), actor: 'bob', action: 'push' },
      { digest: digest('move-a'), actor: 'alice', action: 'push' },
    ]);
    expect(Number.isNaN(Date.parse(history.events[0].createdAt))).toBe(false);
    expect(
      (await h.metadata.getTagHistory({ repository: 'team/move', tag: 'stable', limit: 1 })).events,
    ).toHaveLength(1);
    expect((await h.metadata.getTagHistory({ repository: 'team/move', tag: 'never' })).events).toEqual([]);

    const update = await h.waitForEvent(
      (e) => e.type === 'tag.updated' && e.repository === 'team/move' && !!e.previousDigest,
    );
    expect(update).toEqual({
      type: 'tag.updated',
      repository: 'team/move',
      tag: 'stable',
      digest: digest('move-b'),
      previousDigest: digest('move-a'),
    });
  });

  it('lists tags in byte-lexical order with n, last and more', async () => {
    const tags = ['b', 'latest', 'a_b', 'A', '1.0', 'a', 'B', 'a.b', '_x', 'a-b'];
    for (const tag of tags) await h.record('team/tags', 'tags-image', { tag });
    const sorted = ['1.0', 'A', 'B', '_x', 'a', 'a-b', 'a.b', 'a_b', 'b', 'latest'];

    expect(await h.metadata.listTags({ repository: 'team/tags' })).toEqual({ tags: sorted, more: false });
    expect(await h.metadata.listTags({ repository: 'team/tags', limit: 3 })).toEqual({
      tags: sorted.slice(0, 3),
      more: true,
    });
    expect(await h.metadata.listTags({ repository: 'team/tags', limit: 3, last: 'B' })).toEqual({
      tags: ['_x', 'a', 'a-b'],
      more: true,
    });
    expect(await h.metadata.listTags({ repository: 'team/tags', limit: 2, last: 'b' })).toEqual({
      tags: ['latest'],
      more: false,
    });
    expect(await h.metadata.listTags({ repository: 'team/tags', limit: 9, last: 'A' })).toEqual({
      tags: sorted.slice(2),
      more: false,
    });
    expect(await h.metadata.listTags({ repository: 'team/tags', last: 'latest' })).toEqual({
      tags: [],
      more: false,
    });
    expect(await h.metadata.listTags({ repository: 'team/tags', limit: 0 })).toEqual({
      tags: [],
      more: false,
    });
    expect(await codeOf(h.metadata.listTags({ repository: 'team/tags', limit: -1 }))).toBe(
      ErrorCode.INVALID_ARGUMENT,
    );
  });

  it('deletes a tag, records the deletion and publishes tag.deleted', async () => {
    await h.record('team/deltag', 'deltag-image', { tag: 'old' });
    expect(await h.metadata.deleteTag({ repository: 'team/deltag', tag: 'old', actor: 'bob' })).toEqual({
      digest: digest('deltag-image'),
    });
    expect(await codeOf(h.metadata.resolveTag({ repository: 'team/deltag', tag: 'old' }))).toBe(
      ErrorCode.MANIFEST_UNKNOWN,
    );
    expect(await codeOf(h.metadata.deleteTag({ repository: 'team/deltag', tag: 'old', actor: 'bob' }))).toBe(
      ErrorCode.MANIFEST_UNKNOWN,
    );
    const history = await h.metadata.getTagHistory({ repository: 'team/deltag', tag: 'old' });
    expect(history.events.map((e) => [e.action, e.digest, e.actor])).toEqual([
      ['delete', '', 'bob'],
      ['push', digest('deltag-image'), 'alice'],
    ]);
    expect(await h.waitForEvent((e) => e.type === 'tag.deleted' && e.repository === 'team/deltag')).toEqual({
      type: 'tag.deleted',
      repository: 'team/deltag',
      tag: 'old',
      digest: digest('deltag-image'),
    });
  });
});
