import { ErrorCode } from '@berth/errors';
import type IORedis from 'ioredis';
import { EVENTS_REDIS } from '../events/redis-event-publisher';
import {
  codeOf,
  descriptor,
  digest,
  LAYER,
  MetadataHarness,
  OCI_INDEX,
  OCI_MANIFEST,
} from '../../test/metadata-harness';

describe('images: record and delete (gRPC, PostgreSQL, Redis)', () => {
  let h: MetadataHarness;

  beforeAll(async () => {
    h = await MetadataHarness.start();
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('records an image by tag, resolves the tag and publishes the change events on Redis', async () => {
    const res = await h.record('team/app', 'app-v1', { tag: 'v1' });
    expect(res).toEqual({ repositoryCreated: true });
    expect(await h.metadata.resolveTag({ repository: 'team/app', tag: 'v1' })).toEqual({
      digest: digest('app-v1'),
      mediaType: OCI_MANIFEST,
    });

    await h.waitForEvent((e) => e.type === 'repository.created' && e.repository === 'team/app');
    await h.waitForEvent((e) => e.type === 'image.recorded' && e.digest === digest('app-v1'));
    const tagged = await h.waitForEvent((e) => e.type === 'tag.updated' && e.repository === 'team/app');
    expect(tagged).toEqual({
      type: 'tag.updated',
      repository: 'team/app',
      tag: 'v1',
      digest: digest('app-v1'),
    });

    // The relay marks what it published.
    const deadline = Date.now() + 3_000;
    let unpublished = -1;
    while (unpublished !== 0 && Date.now() < deadline) {
      const { rows } = await h.pg.query(
        'SELECT count(*)::int AS n FROM metadata.outbox WHERE published_at IS NULL',
      );
      unpublished = rows[0].n as number;
      if (unpublished !== 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(unpublished).toBe(0);
  });

  it('records the reference graph of an image and of an index', async () => {
    await h.record('team/graph', 'graph-amd64');
    await h.metadata.recordImage({
      repository: 'team/graph',
      manifest: descriptor(OCI_INDEX, 'graph-index'),
      tag: 'latest',
      layers: [],
      manifests: [descriptor(OCI_MANIFEST, 'graph-amd64')],
      actor: 'alice',
    });
    const { rows } = await h.pg.query(
      `SELECT ref.digest, ref.kind, ref.referenced_digest FROM metadata.image_references ref
         JOIN metadata.repositories r ON r.id = ref.repository_id WHERE r.name = 'team/graph'
        ORDER BY ref.digest, ref.kind, ref.referenced_digest`,
    );
    const expected = [
      { digest: digest('graph-amd64'), kind: 'blob', referenced_digest: digest('graph-amd64-layer-1') },
      { digest: digest('graph-amd64'), kind: 'blob', referenced_digest: digest('graph-amd64-layer-2') },
      { digest: digest('graph-amd64'), kind: 'config', referenced_digest: digest('graph-amd64-config') },
      { digest: digest('graph-index'), kind: 'manifest', referenced_digest: digest('graph-amd64') },
    ];
    const key = (r: { digest: string; kind: string; referenced_digest: string }) =>
      `${r.digest} ${r.kind} ${r.referenced_digest}`;
    expect(rows.map(key).sort()).toEqual(expected.map(key).sort());
  });

  it('deletes an image with its tags and its referrer entry; the repository stays listed', async () => {
    await h.record('team/delimg', 'delimg-image', { tag: 'one' });
    await h.record('team/delimg', 'delimg-image', { tag: 'two' });
    await h.record('team/delimg', 'delimg-other', { tag: 'keep' });
    const sig = await h.metadata.recordImage({
      repository: 'team/delimg',
      manifest: descriptor(OCI_MANIFEST, 'delimg-sig', { artifactType: 'application/example' }),
      subject: digest('delimg-image'),
      layers: [],
      manifests: [],
      actor: 'signer',
    });
    expect(sig.repositoryCreated).toBe(false);

    expect(
      await h.metadata.deleteImage({
        repository: 'team/delimg',
        digest: digest('delimg-image'),
        actor: 'admin',
      }),
    ).toEqual({ removedTags: ['one', 'two'] });
    expect(await codeOf(h.metadata.resolveTag({ repository: 'team/delimg', tag: 'one' }))).toBe(
      ErrorCode.MANIFEST_UNKNOWN,
    );
    expect((await h.metadata.listTags({ repository: 'team/delimg' })).tags).toEqual(['keep']);
    expect(
      (await h.metadata.getTagHistory({ repository: 'team/delimg', tag: 'two' })).events[0],
    ).toMatchObject({
      action: 'image-delete',
      digest: '',
      actor: 'admin',
    });
    expect(await h.waitForEvent((e) => e.type === 'image.deleted' && e.repository === 'team/delimg')).toEqual(
      {
        type: 'image.deleted',
        repository: 'team/delimg',
        digest: digest('delimg-image'),
        removedTags: ['one', 'two'],
      },
    );

    // Deleting the referrer removes it from its subject's referrers.
    const subject = digest('delimg-image');
    expect(
      (await h.metadata.listReferrers({ repository: 'team/delimg', digest: subject })).referrers,
    ).toHaveLength(1);
    await h.metadata.deleteImage({ repository: 'team/delimg', digest: digest('delimg-sig'), actor: 'admin' });
    expect(
      (await h.metadata.listReferrers({ repository: 'team/delimg', digest: subject })).referrers,
    ).toEqual([]);

    await h.metadata.deleteImage({
      repository: 'team/delimg',
      digest: digest('delimg-other'),
      actor: 'admin',
    });
    expect((await h.metadata.listRepositories({})).repositories).toContain('team/delimg');
    expect(await h.metadata.listTags({ repository: 'team/delimg' })).toEqual({ tags: [], more: false });
    expect(
      await codeOf(
        h.metadata.deleteImage({ repository: 'team/delimg', digest: digest('delimg-other'), actor: 'admin' }),
      ),
    ).toBe(ErrorCode.MANIFEST_UNKNOWN);

    // Pushing the deleted image again brings it and its tag back.
    expect(await h.record('team/delimg', 'delimg-image', { tag: 'one' })).toEqual({
      repositoryCreated: false,
    });
    expect((await h.metadata.resolveTag({ repository: 'team/delimg', tag: 'one' })).digest).toBe(
      digest('delimg-image'),
    );
  });

  it('answers unknown names, tags and digests with the OCI codes', async () => {
    await h.record('team/codes', 'codes-image', { tag: 'v1' });
    expect(await codeOf(h.metadata.listTags({ repository: 'team/unknown' }))).toBe(ErrorCode.NAME_UNKNOWN);
    expect(await codeOf(h.metadata.getTagHistory({ repository: 'team/unknown', tag: 'v1' }))).toBe(
      ErrorCode.NAME_UNKNOWN,
    );
    expect(await codeOf(h.metadata.resolveTag({ repository: 'team/unknown', tag: 'v1' }))).toBe(
      ErrorCode.MANIFEST_UNKNOWN,
    );
    expect(await codeOf(h.metadata.resolveTag({ repository: 'team/codes', tag: 'v2' }))).toBe(
      ErrorCode.MANIFEST_UNKNOWN,
    );
    expect(await codeOf(h.metadata.deleteTag({ repository: 'team/unknown', tag: 'v1', actor: '' }))).toBe(
      ErrorCode.MANIFEST_UNKNOWN,
    );
    expect(
      await codeOf(
        h.metadata.deleteImage({ repository: 'team/unknown', digest: digest('codes-image'), actor: '' }),
      ),
    ).toBe(ErrorCode.MANIFEST_UNKNOWN);
    expect(
      await codeOf(h.metadata.deleteImage({ repository: 'team/codes', digest: 'md5:abc', actor: '' })),
    ).toBe(ErrorCode.DIGEST_INVALID);
    expect(await codeOf(h.record('', 'codes-empty'))).toBe(ErrorCode.NAME_INVALID);
    expect(await codeOf(h.record('Team/Upper', 'codes-upper'))).toBe(ErrorCode.NAME_INVALID);
    expect(await codeOf(h.record('team/codes', 'codes-bad-tag', { tag: '-bad' }))).toBe(
      ErrorCode.TAG_INVALID,
    );
    expect(
      await codeOf(
        h.record('team/codes', 'codes-bad-digest', {
          manifest: { ...descriptor(OCI_MANIFEST, 'x'), digest: 'sha256:12' },
        }),
      ),
    ).toBe(ErrorCode.DIGEST_INVALID);
    expect(
      await codeOf(
        h.record('team/codes', 'codes-bad-layer', { layers: [{ ...descriptor(LAYER, 'l'), digest: 'x' }] }),
      ),
    ).toBe(ErrorCode.DIGEST_INVALID);
    // Nothing of the refused pushes was stored.
    expect((await h.metadata.listRepositories({})).repositories).not.toContain('Team/Upper');
    expect((await h.metadata.listTags({ repository: 'team/codes' })).tags).toEqual(['v1']);
  });

  it('keeps events while Redis is away, reports not ready, and publishes them when it is back', async () => {
    expect(await h.health.check({ service: '' })).toEqual({ status: 'SERVING' });
    const redis = h.app.get<IORedis>(EVENTS_REDIS, { strict: false });
    redis.disconnect();
    try {
      expect(await h.health.check({ service: '' })).toEqual({ status: 'NOT_SERVING' });
      expect(await h.record('team/offline', 'offline-image', { tag: 'v1' })).toEqual({
        repositoryCreated: true,
      });
      await new Promise((r) => setTimeout(r, 1_500)); // more than one relay poll
      const { rows } = await h.pg.query(
        `SELECT event->>'type' AS type FROM metadata.outbox WHERE published_at IS NULL AND event->>'repository' = 'team/offline' ORDER BY id`,
      );
      expect(rows.map((r) => r.type)).toEqual(['repository.created', 'image.recorded', 'tag.updated']);
      expect(h.received.some((e) => e.repository === 'team/offline')).toBe(false);
    } finally {
      await redis.connect();
    }
    await h.waitForEvent((e) => e.type === 'tag.updated' && e.repository === 'team/offline');
    expect(await h.health.check({ service: '' })).toEqual({ status: 'SERVING' });
  });

  it('records concurrent pushes of one new tag consistently', async () => {
    const seeds = ['race-1', 'race-2', 'race-3', 'race-4', 'race-5', 'race-6'];
    const results = await Promise.all(seeds.map((seed) => h.record('team/race', seed, { tag: 'hot' })));
    expect(results.filter((r) => r.repositoryCreated)).toHaveLength(1);
    const history = (await h.metadata.getTagHistory({ repository: 'team/race', tag: 'hot' })).events;
    expect(history).toHaveLength(seeds.length);
    const current = (await h.metadata.resolveTag({ repository: 'team/race', tag: 'hot' })).digest;
    expect(history[0].digest).toBe(current);
    // Every move but the first reports the digest the previous event wrote.
    expect(results.filter((r) => r.previousDigest === undefined)).toHaveLength(1);
  });
});
