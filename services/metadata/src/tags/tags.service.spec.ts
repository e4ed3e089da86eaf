import { ErrorCode } from '@berth/errors';
import { digestOf } from '@berth/oci';
import type { DataSource, EntityManager } from 'typeorm';
import type { OutboxRelay } from '../events/outbox-relay';
import type { OutboxRepository } from '../events/outbox.repository';
import type { RepositoriesRepository } from '../repositories/repositories.repository';
import type { TagEventsRepository } from './tag-events.repository';
import type { TagsRepository } from './tags.repository';
import { TagsService } from './tags.service';

const manager = { tx: true } as unknown as EntityManager;
const digest = digestOf('image');

function setup() {
  const ds = { transaction: jest.fn((fn: (m: EntityManager) => unknown) => fn(manager)) };
  const repositories = { findId: jest.fn() };
  const tags = { resolve: jest.fn(), list: jest.fn(), remove: jest.fn() };
  const tagEvents = { append: jest.fn(), history: jest.fn() };
  const outbox = { append: jest.fn() };
  const relay = { kick: jest.fn() };
  const service = new TagsService(
    ds as unknown as DataSource,
    repositories as unknown as RepositoriesRepository,
    tags as unknown as TagsRepository,
    tagEvents as unknown as TagEventsRepository,
    outbox as unknown as OutboxRepository,
    relay as unknown as OutboxRelay,
  );
  return { service, repositories, tags, tagEvents, outbox, relay };
}

describe('TagsService', () => {
  it('resolves a tag, or answers MANIFEST_UNKNOWN', async () => {
    const s = setup();
    s.tags.resolve.mockResolvedValueOnce({ digest, mediaType: 'm' }).mockResolvedValueOnce(undefined);
    expect(await s.service.resolveTag('team/app', 'v1')).toEqual({ digest, mediaType: 'm' });
    await expect(s.service.resolveTag('team/app', 'v2')).rejects.toMatchObject({
      code: ErrorCode.MANIFEST_UNKNOWN,
    });
  });

  it('refuses an invalid tag before querying', async () => {
    const s = setup();
    await expect(s.service.resolveTag('team/app', '')).rejects.toMatchObject({ code: ErrorCode.TAG_INVALID });
    expect(s.tags.resolve).not.toHaveBeenCalled();
  });

  it('lists tags of a known repository and answers NAME_UNKNOWN otherwise', async () => {
    const s = setup();
    s.repositories.findId.mockResolvedValueOnce('3').mockResolvedValueOnce(undefined);
    s.tags.list.mockResolvedValue({ items: ['a'], more: true });
    expect(await s.service.listTags('team/app', { limit: 1 })).toEqual({ items: ['a'], more: true });
    expect(s.tags.list).toHaveBeenCalledWith('3', { limit: 1 });
    await expect(s.service.listTags('team/none', {})).rejects.toMatchObject({ code: ErrorCode.NAME_UNKNOWN });
  });

  it('refuses a negative limit', async () => {
    const s = setup();
    await expect(s.service.listTags('team/app', { limit: -2 })).rejects.toMatchObject({
      code: ErrorCode.INVALID_ARGUMENT,
    });
    await expect(s.service.tagHistory('team/app', 'v1', -1)).rejects.toMatchObject({
      code: ErrorCode.INVALID_ARGUMENT,
    });
  });

  it('deletes a tag with a history entry and a tag.deleted event', async () => {
    const s = setup();
    s.repositories.findId.mockResolvedValue('3');
    s.tags.remove.mockResolvedValue(digest);
    expect(await s.service.deleteTag('team/app', 'v1', 'bob')).toBe(digest);
    expect(s.tags.remove).toHaveBeenCalledWith(manager, '3', 'v1');
    expect(s.tagEvents.append).toHaveBeenCalledWith(manager, [
      { repositoryId: '3', tag: 'v1', action: 'delete', previousDigest: digest, actor: 'bob' },
    ]);
    expect(s.outbox.append).toHaveBeenCalledWith(manager, [
      { type: 'tag.deleted', repository: 'team/app', tag: 'v1', digest },
    ]);
    expect(s.relay.kick).toHaveBeenCalled();
  });

  it('answers MANIFEST_UNKNOWN when deleting an absent tag, writing nothing', async () => {
    const s = setup();
    s.repositories.findId.mockResolvedValue('3');
    s.tags.remove.mockResolvedValue(undefined);
    await expect(s.service.deleteTag('team/app', 'v1', 'bob')).rejects.toMatchObject({
      code: ErrorCode.MANIFEST_UNKNOWN,
    });
    expect(s.tagEvents.append).not.toHaveBeenCalled();
    expect(s.relay.kick).not.toHaveBeenCalled();
  });

  it('reads the history of a tag of a known repository', async () => {
    const s = setup();
    const entry = { digest, action: 'push', actor: 'a', createdAt: new Date() };
    s.repositories.findId.mockResolvedValueOnce('3').mockResolvedValueOnce(undefined);
    s.tagEvents.history.mockResolvedValue([entry]);
    expect(await s.service.tagHistory('team/app', 'v1', 5)).toEqual([entry]);
    expect(s.tagEvents.history).toHaveBeenCalledWith('3', 'v1', 5);
    await expect(s.service.tagHistory('team/none', 'v1')).rejects.toMatchObject({
      code: ErrorCode.NAME_UNKNOWN,
    });
  });
});
