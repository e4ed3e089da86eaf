import { MetadataHarness } from '../../test/metadata-harness';

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
});
