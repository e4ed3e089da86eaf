import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { changeEventsChannel, type ChangeEvent } from '@berth/queue';
import { GatewayConfigModule } from '../config/gateway-config.module';
import { loadGatewayConfig } from '../config/gateway.config';
import { ChangeEventsModule } from './change-events.module';
import { ManifestCache } from './manifest-cache';
import { TagListCache } from './tag-list-cache';
import { TagCache } from './tag-cache';

const REDIS_URL = process.env['BERTH_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;

async function eventually(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('ChangeEventsSubscriber (real Redis)', () => {
  const prefix = `berth_test_gw_${randomBytes(4).toString('hex')}`;
  let app: INestApplicationContext;
  let publisher: Redis;
  let tags: TagCache;
  let manifests: ManifestCache;
  let tagLists: TagListCache;

  const publish = (event: ChangeEvent) =>
    publisher.publish(changeEventsChannel(prefix), JSON.stringify(event));

  beforeAll(async () => {
    Logger.overrideLogger(false);
    const config = loadGatewayConfig({
      BERTH_REDIS_URL: REDIS_URL,
      BERTH_REDIS_PREFIX: prefix,
      BERTH_TAG_CACHE_TTL_MS: '600000',
    });
    app = await NestFactory.createApplicationContext(
      { module: class TestRoot {}, imports: [GatewayConfigModule.forConfig(config), ChangeEventsModule] },
      { logger: false },
    );
    await app.init();
    tags = app.get(TagCache);
    manifests = app.get(ManifestCache);
    tagLists = app.get(TagListCache);
    publisher = new Redis(REDIS_URL);
    // The subscription is asynchronous: wait until the channel has a subscriber.
    for (let i = 0; i < 250; i++) {
      const [, count] = (await publisher.pubsub('NUMSUB', changeEventsChannel(prefix))) as [string, number];
      if (Number(count) > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
  });

  afterAll(async () => {
    publisher?.disconnect();
    await app?.close();
  });

  it("invalidates a moved tag and its repository's tag pages", async () => {
    await tags.resolve('team/app', 'v1', async () => D1);
    const load = jest.fn(async () => ({ tags: ['v1'], more: false }));
    await tagLists.page('team/app', undefined, undefined, load);
    await publish({ type: 'tag.updated', repository: 'team/app', tag: 'v1', digest: D2, previousDigest: D1 });
    await eventually(() => tags.get('team/app', 'v1') === undefined);
    await tagLists.page('team/app', undefined, undefined, load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('invalidates a deleted image and its tags, and ignores garbage', async () => {
    await publisher.publish(changeEventsChannel(prefix), 'not json');
    await manifests.load('team/app', D1, async () => ({
      digest: D1,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      payload: Buffer.from('{}'),
    }));
    await tags.resolve('team/app', 'latest', async () => D1);
    await publish({ type: 'image.deleted', repository: 'team/app', digest: D1, removedTags: ['latest'] });
    await eventually(
      () => manifests.get('team/app', D1) === undefined && tags.get('team/app', 'latest') === undefined,
    );
  });
});
