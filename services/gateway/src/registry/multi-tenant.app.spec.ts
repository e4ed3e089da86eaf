import { BerthError, ErrorCode } from '@berth/errors';
import { CatalogCache } from '../cache/catalog-cache';
import { errorCode, GatewayHarness, sha256 } from '../testing/gateway-harness';

const CATALOG = [{ type: 'registry', name: 'catalog', actions: ['*'] }];
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

/** Lets fire-and-forget work started after a response run. */
const settle = () => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

describe('gateway /v2/ in a multi-tenant registry (fake peers)', () => {
  const h = new GatewayHarness('team/app');
  let alice = '';
  let bob = '';

  beforeAll(async () => {
    await h.start();
    alice = `Bearer ${h.peers.token('alice', CATALOG)}`;
    bob = `Bearer ${h.peers.token('bob', CATALOG)}`;
  });
  afterAll(() => h.close());
  beforeEach(() => {
    // Each test lays out its own repositories (as repository.created events would drop the pages).
    h.app.get(CatalogCache).invalidate();
    h.peers.tags.clear();
    h.peers.management.reset();
    h.peers.issueFailure = undefined;
  });

  const catalog = async (authorization: string, query = '') => {
    const res = await h.anonymous({ method: 'GET', url: `/v2/_catalog${query}`, headers: { authorization } });
    expect(res.statusCode).toBe(200);
    return { repositories: res.json().repositories as string[], link: res.headers.link };
  };
  const repositories = (...names: string[]) => {
    for (const name of names) h.peers.tags.set(`${name}:latest`, sha256(name));
  };
  /** alice may see everything but team-b; bob only team-b. */
  const splitVisibility = () => {
    h.peers.management.visible = (repository, authorization) =>
      authorization === alice ? !repository.startsWith('team-b/') : repository.startsWith('team-b/');
  };

  describe('_catalog', () => {
    it('lists only what the caller may pull, asking auth with the caller’s Authorization', async () => {
      repositories('pub/y', 'team-a/one', 'team-b/s1', 'team-b/s2', 'team-c/x');
      splitVisibility();
      expect(await catalog(alice)).toEqual({
        repositories: ['pub/y', 'team-a/one', 'team-c/x'],
        link: undefined,
      });
      expect(await catalog(bob)).toEqual({ repositories: ['team-b/s1', 'team-b/s2'], link: undefined });
      const filters = h.peers.management.callsOf('filterVisibleRepositories');
      expect(filters.map((c) => c.metadata)).toEqual([
        { authorization: alice, 'berth-client-ip': '127.0.0.1' },
        { authorization: bob, 'berth-client-ip': '127.0.0.1' },
      ]);
      expect(filters[0].request).toEqual({
        repositories: ['pub/y', 'team-a/one', 'team-b/s1', 'team-b/s2', 'team-c/x'],
      });
    });

    it('paginates over the filtered list: Link only when another visible name follows, last = the last returned', async () => {
      repositories(
        'pub/y',
        'team-a/one',
        'team-a/two',
        'team-b/s1',
        'team-b/s2',
        'team-c/x',
        'team-z/hidden',
      );
      h.peers.management.visible = (repository, authorization) =>
        authorization === alice ? !/^team-(b|z)\//.test(repository) : repository.startsWith('team-b/');
      expect(await catalog(alice, '?n=2')).toEqual({
        repositories: ['pub/y', 'team-a/one'],
        link: '</v2/_catalog?n=2&last=team-a%2Fone>; rel="next"',
      });
      expect(await catalog(alice, '?n=2&last=team-a%2Fone')).toEqual({
        repositories: ['team-a/two', 'team-c/x'],
        link: undefined,
      });
      expect(await catalog(alice, '?n=1&last=team-a%2Ftwo')).toEqual({
        repositories: ['team-c/x'],
        link: undefined,
      });
      expect(await catalog(bob, '?n=1')).toEqual({
        repositories: ['team-b/s1'],
        link: '</v2/_catalog?n=1&last=team-b%2Fs1>; rel="next"',
      });
      expect(await catalog(bob, '?n=1&last=team-b%2Fs1')).toEqual({
        repositories: ['team-b/s2'],
        link: undefined,
      });
      expect(await catalog(alice, '?n=0')).toEqual({ repositories: [], link: undefined });
    });

    it('reads further pages when few names are visible, until n are found or the list ends', async () => {
      const hidden = Array.from({ length: 450 }, (_, i) => `team-b/r${String(i).padStart(3, '0')}`);
      repositories('team-a/first', ...hidden, 'team-c/last', 'team-d/after');
      splitVisibility();
      const list = jest.spyOn(h.peers.metadata, 'listRepositories');
      try {
        expect(await catalog(alice, '?n=2')).toEqual({
          repositories: ['team-a/first', 'team-c/last'],
          link: '</v2/_catalog?n=2&last=team-c%2Flast>; rel="next"',
        });
        // 100, then 200, then 400 names a round trip.
        expect(list.mock.calls.map(([req]) => req.limit)).toEqual([100, 200, 400]);
        expect(await catalog(alice, '?n=2&last=team-c%2Flast')).toEqual({
          repositories: ['team-d/after'],
          link: undefined,
        });
        expect(await catalog(bob, '?n=1000')).toMatchObject({ repositories: hidden, link: undefined });
      } finally {
        list.mockRestore();
      }
    });

    it('shares cached unfiltered pages between callers, never one caller’s filtered view', async () => {
      repositories('team-a/one', 'team-b/s1');
      splitVisibility();
      const list = jest.spyOn(h.peers.metadata, 'listRepositories');
      try {
        expect((await catalog(alice, '?n=5')).repositories).toEqual(['team-a/one']);
        expect((await catalog(bob, '?n=5')).repositories).toEqual(['team-b/s1']);
        expect((await catalog(alice, '?n=5')).repositories).toEqual(['team-a/one']);
        expect(list).toHaveBeenCalledTimes(1);
        expect(h.peers.management.callsOf('filterVisibleRepositories')).toHaveLength(3);
      } finally {
        list.mockRestore();
      }
    });

    it('fails the request when auth cannot filter, and still challenges callers without credentials', async () => {
      repositories('team-a/one');
      h.peers.management.fail(
        'filterVisibleRepositories',
        new BerthError(ErrorCode.UNAVAILABLE, 'auth is down'),
      );
      const down = await h.anonymous({
        method: 'GET',
        url: '/v2/_catalog',
        headers: { authorization: alice },
      });
      expect([down.statusCode, errorCode(down)]).toEqual([503, 'UNAVAILABLE']);
      const anonymous = await h.anonymous({ method: 'GET', url: '/v2/_catalog' });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.headers['www-authenticate']).toContain('scope="registry:catalog:*"');
    });
  });

  describe('audit of deletions', () => {
    const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, layers: [] }));
    const digest = sha256(manifest);
    const store = () => {
      h.peers.manifests.set(`team/app@${digest}`, { digest, mediaType: OCI_MANIFEST, payload: manifest });
      h.peers.tags.set('team/app:v1', digest);
    };
    const audits = () => h.peers.management.callsOf('recordAuditEvent');

    it('records manifest.deleted as the client after deleting by digest or by tag', async () => {
      store();
      const byTag = await h.call({ method: 'DELETE', url: '/v2/team/app/manifests/v1' });
      expect(byTag.statusCode).toBe(202);
      const byDigest = await h.call({ method: 'DELETE', url: `/v2/team/app/manifests/${digest}` });
      expect(byDigest.statusCode).toBe(202);
      await settle();
      expect(audits().map((c) => [c.request, c.metadata])).toEqual([
        [
          {
            action: 'manifest.deleted',
            project: 'team',
            target: 'team/app:v1',
            outcome: 'success',
            details: {},
          },
          { authorization: `Bearer ${h.token}`, 'berth-client-ip': '127.0.0.1' },
        ],
        [
          {
            action: 'manifest.deleted',
            project: 'team',
            target: `team/app@${digest}`,
            outcome: 'success',
            details: {},
          },
          { authorization: `Bearer ${h.token}`, 'berth-client-ip': '127.0.0.1' },
        ],
      ]);
    });

    it('records nothing for a failed delete', async () => {
      const res = await h.call({ method: 'DELETE', url: `/v2/team/app/manifests/${digest}` });
      expect([res.statusCode, errorCode(res)]).toEqual([404, 'MANIFEST_UNKNOWN']);
      await settle();
      expect(audits()).toEqual([]);
    });

    it('neither fails nor waits for the audit call', async () => {
      store();
      h.peers.management.fail('recordAuditEvent', new BerthError(ErrorCode.UNAVAILABLE, 'auth is down'));
      expect((await h.call({ method: 'DELETE', url: '/v2/team/app/manifests/v1' })).statusCode).toBe(202);
      h.peers.management.answer('recordAuditEvent', () => new Promise(() => undefined));
      expect((await h.call({ method: 'DELETE', url: `/v2/team/app/manifests/${digest}` })).statusCode).toBe(
        202,
      );
      await settle();
      expect(audits()).toHaveLength(2);
    });
  });

  describe('throttled logins', () => {
    it('answers TOOMANYREQUESTS from auth with 429 and the OCI body at /auth/token and on /v2/ with Basic', async () => {
      h.peers.issueFailure = new BerthError(
        ErrorCode.TOOMANYREQUESTS,
        'too many failed logins; retry later',
        {
          retryAfterSeconds: 120,
        },
      );
      const basic = `Basic ${Buffer.from('admin:secret').toString('base64')}`;
      const token = await h.anonymous({
        method: 'GET',
        url: '/auth/token?service=berth&scope=repository:team/app:pull',
        headers: { authorization: basic },
      });
      expect([token.statusCode, token.json()]).toEqual([
        429,
        {
          errors: [
            {
              code: 'TOOMANYREQUESTS',
              message: 'too many failed logins; retry later',
              detail: { retryAfterSeconds: 120 },
            },
          ],
        },
      ]);
      expect(token.headers['retry-after']).toBe('120');
      const v2 = await h.anonymous({
        method: 'GET',
        url: '/v2/team/app/tags/list',
        headers: { authorization: basic },
      });
      expect([v2.statusCode, errorCode(v2)]).toEqual([429, 'TOOMANYREQUESTS']);
      expect(v2.headers['retry-after']).toBe('120');
    });
  });
});
