import { BerthError, ErrorCode } from '@berth/errors';
import { digestOf } from '@berth/oci';
import type { DataSource, EntityManager } from 'typeorm';
import type { ContentDescriptor } from '../common/descriptor';
import type { OutboxRelay } from '../events/outbox-relay';
import type { OutboxRepository } from '../events/outbox.repository';
import type { RepositoriesRepository } from '../repositories/repositories.repository';
import type { TagEventsRepository } from '../tags/tag-events.repository';
import type { TagsRepository } from '../tags/tags.repository';
import type { RecordImageInput } from './image.types';
import type { ImagesRepository } from './images.repository';
import { ImagesService } from './images.service';

const manager = { tx: true } as unknown as EntityManager;
const d = (seed: string): string => digestOf(seed);
const desc = (
  mediaType: string,
  seed: string,
  extra: Partial<ContentDescriptor> = {},
): ContentDescriptor => ({
  mediaType,
  digest: d(seed),
  size: 10,
  annotations: {},
  ...extra,
});

function setup() {
  const ds = { transaction: jest.fn((fn: (m: EntityManager) => unknown) => fn(manager)) };
  const repositories = { ensure: jest.fn(), findId: jest.fn() };
  const images = { upsert: jest.fn(), addReferences: jest.fn(), lock: jest.fn(), delete: jest.fn() };
  const tags = { point: jest.fn(), removeByDigest: jest.fn() };
  const tagEvents = { append: jest.fn() };
  const outbox = { append: jest.fn() };
  const relay = { kick: jest.fn() };
  const service = new ImagesService(
    ds as unknown as DataSource,
    repositories as unknown as RepositoriesRepository,
    images as unknown as ImagesRepository,
    tags as unknown as TagsRepository,
    tagEvents as unknown as TagEventsRepository,
    outbox as unknown as OutboxRepository,
    relay as unknown as OutboxRelay,
  );
  return { service, ds, repositories, images, tags, tagEvents, outbox, relay };
}

const input = (extra: Partial<RecordImageInput> = {}): RecordImageInput => ({
  repository: 'team/app',
  manifest: desc('application/vnd.oci.image.manifest.v1+json', 'm', {
    platform: { os: 'linux', architecture: 'amd64' },
  }),
  config: desc('application/vnd.oci.image.config.v1+json', 'c'),
  layers: [desc('layer', 'l1'), desc('layer', 'l2')],
  manifests: [],
  actor: 'alice',
  ...extra,
});

describe('ImagesService.recordImage', () => {
  it('creates repository, image and tag in one transaction and queues the three events', async () => {
    const s = setup();
    s.repositories.ensure.mockResolvedValue({ id: '7', created: true });
    s.images.upsert.mockResolvedValue({ inserted: true });
    s.tags.point.mockResolvedValue({ changed: true });

    const result = await s.service.recordImage(input({ tag: 'v1' }));

    expect(result).toEqual({ repositoryCreated: true, previousDigest: undefined });
    expect(s.ds.transaction).toHaveBeenCalledTimes(1);
    expect(s.images.upsert).toHaveBeenCalledWith(manager, '7', {
      digest: d('m'),
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      size: 10,
      artifactType: undefined,
      configDigest: d('c'),
      configMediaType: 'application/vnd.oci.image.config.v1+json',
      subjectDigest: undefined,
      annotations: {},
      platform: { os: 'linux', architecture: 'amd64' },
      pushedBy: 'alice',
    });
    expect(s.images.addReferences).toHaveBeenCalledWith(manager, '7', d('m'), [
      { kind: 'config', digest: d('c') },
      { kind: 'blob', digest: d('l1') },
      { kind: 'blob', digest: d('l2') },
    ]);
    expect(s.tagEvents.append).toHaveBeenCalledWith(manager, [
      {
        repositoryId: '7',
        tag: 'v1',
        action: 'push',
        digest: d('m'),
        previousDigest: undefined,
        actor: 'alice',
      },
    ]);
    expect(s.outbox.append).toHaveBeenCalledWith(manager, [
      { type: 'repository.created', repository: 'team/app' },
      { type: 'image.recorded', repository: 'team/app', digest: d('m') },
      { type: 'tag.updated', repository: 'team/app', tag: 'v1', digest: d('m') },
    ]);
    expect(s.relay.kick).toHaveBeenCalledTimes(1);
  });

  it('reports the previous digest when the tag moves', async () => {
    const s = setup();
    s.repositories.ensure.mockResolvedValue({ id: '7', created: false });
    s.images.upsert.mockResolvedValue({ inserted: true });
    s.tags.point.mockResolvedValue({ changed: true, previousDigest: d('old') });

    expect(await s.service.recordImage(input({ tag: 'v1' }))).toEqual({
      repositoryCreated: false,
      previousDigest: d('old'),
    });
    expect(s.tagEvents.append.mock.calls[0][1][0]).toMatchObject({
      previousDigest: d('old'),
      digest: d('m'),
    });
    expect(s.outbox.append.mock.calls[0][1]).toEqual([
      { type: 'image.recorded', repository: 'team/app', digest: d('m') },
      { type: 'tag.updated', repository: 'team/app', tag: 'v1', digest: d('m'), previousDigest: d('old') },
    ]);
  });

  it('writes no history and no event for an identical re-push', async () => {
    const s = setup();
    s.repositories.ensure.mockResolvedValue({ id: '7', created: false });
    s.images.upsert.mockResolvedValue({ inserted: false });
    s.tags.point.mockResolvedValue({ changed: false });

    expect(await s.service.recordImage(input({ tag: 'v1' }))).toEqual({ repositoryCreated: false });
    expect(s.tagEvents.append).not.toHaveBeenCalled();
    expect(s.outbox.append).toHaveBeenCalledWith(manager, []);
    expect(s.relay.kick).not.toHaveBeenCalled();
  });

  it('records index children and a subject without touching tags when pushed by digest', async () => {
    const s = setup();
    s.repositories.ensure.mockResolvedValue({ id: '7', created: false });
    s.images.upsert.mockResolvedValue({ inserted: true });

    await s.service.recordImage(
      input({ config: undefined, layers: [], manifests: [desc('m', 'child')], subject: d('subject') }),
    );
    expect(s.tags.point).not.toHaveBeenCalled();
    expect(s.images.upsert.mock.calls[0][2]).toMatchObject({
      subjectDigest: d('subject'),
      configDigest: undefined,
    });
    expect(s.images.addReferences).toHaveBeenCalledWith(manager, '7', d('m'), [
      { kind: 'manifest', digest: d('child') },
    ]);
  });

  it.each([
    ['an empty repository name', input({ repository: '' }), ErrorCode.NAME_INVALID],
    [
      'a bad manifest digest',
      input({ manifest: { ...desc('m', 'm'), digest: 'sha256:xyz' } }),
      ErrorCode.DIGEST_INVALID,
    ],
    [
      'a bad layer digest',
      input({ layers: [{ ...desc('l', 'l'), digest: 'nope' }] }),
      ErrorCode.DIGEST_INVALID,
    ],
    ['a bad subject', input({ subject: 'sha256:1' }), ErrorCode.DIGEST_INVALID],
    ['a bad tag', input({ tag: 'no:colons' }), ErrorCode.TAG_INVALID],
    ['a negative size', input({ manifest: { ...desc('m', 'm'), size: -1 } }), ErrorCode.INVALID_ARGUMENT],
    ['no media type', input({ manifest: { ...desc('m', 'm'), mediaType: '' } }), ErrorCode.INVALID_ARGUMENT],
  ])('refuses %s before opening a transaction', async (_what, bad, code) => {
    const s = setup();
    await expect(s.service.recordImage(bad)).rejects.toMatchObject({ code });
    expect(s.ds.transaction).not.toHaveBeenCalled();
  });
});

describe('ImagesService.deleteImage', () => {
  it('removes the tags pointing at the image, records them and queues image.deleted', async () => {
    const s = setup();
    s.repositories.findId.mockResolvedValue('7');
    s.images.lock.mockResolvedValue(true);
    s.tags.removeByDigest.mockResolvedValue(['a', 'b']);

    expect(await s.service.deleteImage('team/app', d('m'), 'admin')).toEqual(['a', 'b']);
    expect(s.tagEvents.append).toHaveBeenCalledWith(manager, [
      { repositoryId: '7', tag: 'a', action: 'image-delete', previousDigest: d('m'), actor: 'admin' },
      { repositoryId: '7', tag: 'b', action: 'image-delete', previousDigest: d('m'), actor: 'admin' },
    ]);
    expect(s.images.delete).toHaveBeenCalledWith(manager, '7', d('m'));
    expect(s.outbox.append).toHaveBeenCalledWith(manager, [
      { type: 'image.deleted', repository: 'team/app', digest: d('m'), removedTags: ['a', 'b'] },
    ]);
    expect(s.relay.kick).toHaveBeenCalled();
  });

  it.each([
    ['repository', undefined, false],
    ['image', '7', false],
  ])('is MANIFEST_UNKNOWN for an unknown %s', async (_what, repositoryId, exists) => {
    const s = setup();
    s.repositories.findId.mockResolvedValue(repositoryId);
    s.images.lock.mockResolvedValue(exists);
    const err = await s.service.deleteImage('team/app', d('m'), 'admin').catch((e: unknown) => e);
    expect(BerthError.is(err, ErrorCode.MANIFEST_UNKNOWN)).toBe(true);
    expect(s.images.delete).not.toHaveBeenCalled();
    expect(s.relay.kick).not.toHaveBeenCalled();
  });
});
