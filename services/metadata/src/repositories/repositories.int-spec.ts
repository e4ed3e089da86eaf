import { ErrorCode } from '@berth/errors';
import { codeOf, digest, MetadataHarness } from '../../test/metadata-harness';

describe('catalog (gRPC, PostgreSQL)', () => {
  let h: MetadataHarness;

  beforeAll(async () => {
    h = await MetadataHarness.start();
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('pages through the catalog in byte-lexical order', async () => {
    for (const name of [
      'zeta/one',
      'alpha/two',
      'alpha/one',
      'Alpha/x',
      'alpha-x/one',
      'alpha/one-b',
      '_a/b',
    ]) {
      // Upper case and a leading "_" are not valid names: refused, never listed.
      await h.record(name, `cat-${name}`).catch(() => undefined);
    }
    const all = (await h.metadata.listRepositories({})).repositories;
    // Byte order: '-' (0x2d) sorts before '/' (0x2f), unlike in a linguistic collation.
    expect(all).toEqual(['alpha-x/one', 'alpha/one', 'alpha/one-b', 'alpha/two', 'zeta/one']);
    expect(await h.metadata.listRepositories({ limit: 2, last: 'alpha/one' })).toEqual({
      repositories: ['alpha/one-b', 'alpha/two'],
      more: true,
    });

    const paged: string[] = [];
    let last: string | undefined;
    for (;;) {
      const page = await h.metadata.listRepositories({ limit: 2, last });
      expect(page.repositories.length).toBeLessThanOrEqual(2);
      paged.push(...page.repositories);
      if (!page.more) break;
      last = page.repositories[page.repositories.length - 1];
    }
    expect(paged).toEqual(all);
    expect(await h.metadata.listRepositories({ limit: 0 })).toEqual({ repositories: [], more: false });
  });

  it('lists one namespace only, in order, with paging', async () => {
    for (const name of ['ns-a/one', 'ns-a/two/deep', 'ns-a-b/x', 'ns-a0/y', 'ns/z']) {
      await h.record(name, `nsf-${name}`);
    }
    expect((await h.metadata.listRepositories({ namespace: 'ns-a' })).repositories).toEqual([
      'ns-a/one',
      'ns-a/two/deep',
    ]);
    expect(await h.metadata.listRepositories({ namespace: 'ns-a', limit: 1 })).toEqual({
      repositories: ['ns-a/one'],
      more: true,
    });
    expect(await h.metadata.listRepositories({ namespace: 'ns-a', limit: 1, last: 'ns-a/one' })).toEqual({
      repositories: ['ns-a/two/deep'],
      more: false,
    });
    expect((await h.metadata.listRepositories({ namespace: 'nobody' })).repositories).toEqual([]);
    expect(await codeOf(h.metadata.listRepositories({ namespace: 'Bad/NS' }))).toBe(
      ErrorCode.INVALID_ARGUMENT,
    );
  });

  it('describes a repository and deletes it with its images, tags and history', async () => {
    await h.record('gone/app', 'gone-1', { tag: 'v1' });
    await h.record('gone/app', 'gone-2', { tag: 'v2' });
    await h.record('gone/app', 'gone-3');
    await h.record('gone/keep', 'gone-1', { tag: 'v1' });
    expect(await h.metadata.getRepository({ repository: 'gone/app' })).toEqual({
      repository: 'gone/app',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      tagCount: 2,
      imageCount: 3,
    });

    expect(await h.metadata.deleteRepository({ repository: 'gone/app', actor: 'admin' })).toEqual({
      deletedImages: 3,
    });
    const event = await h.waitForEvent((e) => e.type === 'repository.deleted' && e.repository === 'gone/app');
    expect(event).toEqual({
      type: 'repository.deleted',
      repository: 'gone/app',
      digests: [digest('gone-1'), digest('gone-2'), digest('gone-3')].sort(),
      tags: ['v1', 'v2'],
    });
    expect(await codeOf(h.metadata.getRepository({ repository: 'gone/app' }))).toBe(ErrorCode.NAME_UNKNOWN);
    expect(await codeOf(h.metadata.listTags({ repository: 'gone/app' }))).toBe(ErrorCode.NAME_UNKNOWN);
    expect((await h.metadata.listRepositories({ namespace: 'gone' })).repositories).toEqual(['gone/keep']);
    // The same image in another repository is untouched.
    expect(await h.metadata.resolveTag({ repository: 'gone/keep', tag: 'v1' })).toMatchObject({
      digest: digest('gone-1'),
    });
    expect(await codeOf(h.metadata.deleteRepository({ repository: 'gone/app', actor: 'admin' }))).toBe(
      ErrorCode.NAME_UNKNOWN,
    );

    // Pushing again recreates it from scratch.
    expect(await h.record('gone/app', 'gone-4', { tag: 'v1' })).toEqual({ repositoryCreated: true });
    expect(await h.metadata.getRepository({ repository: 'gone/app' })).toMatchObject({
      tagCount: 1,
      imageCount: 1,
    });
  });
});
