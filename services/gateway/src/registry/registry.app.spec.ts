import { errorCode, GatewayHarness, HARNESS_MANIFEST_LIMIT, sha256 } from '../testing/gateway-harness';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const REPO = 'team/app';

describe('gateway /v2/ and /auth/token over HTTP (fake peers)', () => {
  const h = new GatewayHarness(REPO);
  const call: GatewayHarness['call'] = (opts, app) => h.call(opts, app);

  beforeAll(() => h.start());
  afterAll(() => h.close());

  it('challenges an anonymous /v2/ and serves it with a token', async () => {
    const anon = await h.anonymous({ method: 'GET', url: '/v2/' });
    expect(anon.statusCode).toBe(401);
    expect(anon.headers['www-authenticate']).toBe(
      'Bearer realm="http://localhost:80/auth/token",service="berth"',
    );
    expect(anon.headers['docker-distribution-api-version']).toBe('registry/2.0');
    const ok = await call({ method: 'GET', url: '/v2/' });
    expect([ok.statusCode, ok.body]).toEqual([200, '{}']);
  });

  it('issues tokens at /auth/token (GET with Basic, POST form) and refuses bad credentials', async () => {
    const basic = `Basic ${Buffer.from('admin:secret').toString('base64')}`;
    const get = await h.anonymous({
      method: 'GET',
      url: `/auth/token?service=berth&scope=repository:${REPO}:pull`,
      headers: { authorization: basic },
    });
    expect(get.statusCode).toBe(200);
    expect(get.json()).toMatchObject({
      token: expect.any(String),
      access_token: get.json().token,
      expires_in: 300,
    });
    const withToken = await h.anonymous({
      method: 'GET',
      url: '/v2/',
      headers: { authorization: `Bearer ${get.json().token}` },
    });
    expect(withToken.statusCode).toBe(200);
    const post = await h.anonymous({
      method: 'POST',
      url: '/auth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=password&username=admin&password=secret&service=berth&scope=repository:${REPO}:pull&client_id=docker`,
    });
    expect(post.statusCode).toBe(200);
    const bad = await h.anonymous({
      method: 'GET',
      url: '/auth/token?service=berth',
      headers: { authorization: `Basic ${Buffer.from('admin:nope').toString('base64')}` },
    });
    expect(bad.statusCode).toBe(401);
    expect(errorCode(bad)).toBe('UNAUTHORIZED');
  });

  it('accepts Basic credentials directly on /v2/', async () => {
    const res = await h.anonymous({
      method: 'GET',
      url: `/v2/${REPO}/tags/list`,
      headers: { authorization: `Basic ${Buffer.from('admin:secret').toString('base64')}` },
    });
    expect(res.statusCode).not.toBe(401);
  });

  it('refuses invalid names (before auth) and unsupported methods', async () => {
    const name = await h.anonymous({ method: 'GET', url: '/v2/Team/App/tags/list' });
    expect([name.statusCode, errorCode(name)]).toEqual([400, 'NAME_INVALID']);
    const method = await call({ method: 'PATCH', url: `/v2/${REPO}/manifests/v1` });
    expect([method.statusCode, errorCode(method), method.headers.allow]).toEqual([
      405,
      'UNSUPPORTED',
      'GET, HEAD, PUT, DELETE',
    ]);
  });

  it('puts and gets manifests by tag and digest, serving warm reads from memory', async () => {
    const config = await h.push(Buffer.from('{"architecture":"amd64","os":"linux"}'));
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config, size: 37 },
        layers: [],
      }),
    );
    const put = await call({
      method: 'PUT',
      url: `/v2/${REPO}/manifests/v1`,
      payload: manifest,
      headers: { 'content-type': OCI_MANIFEST },
    });
    expect([put.statusCode, put.headers.location, put.headers['docker-content-digest']]).toEqual([
      201,
      `/v2/${REPO}/manifests/${sha256(manifest)}`,
      sha256(manifest),
    ]);
    h.peers.calls.length = 0;
    for (let i = 0; i < 3; i++) {
      const get = await call({
        method: 'GET',
        url: `/v2/${REPO}/manifests/v1`,
        headers: { accept: OCI_MANIFEST },
      });
      expect([
        get.statusCode,
        get.headers['content-type'],
        get.headers['docker-content-digest'],
        get.body,
      ]).toEqual([200, OCI_MANIFEST, sha256(manifest), manifest.toString()]);
    }
    expect(
      h.peers.calls.filter((c) => c.startsWith('resolveTag') || c.startsWith('getManifest')),
    ).toHaveLength(2);
    const head = await call({ method: 'HEAD', url: `/v2/${REPO}/manifests/${sha256(manifest)}` });
    expect([head.statusCode, head.headers['content-length'], head.body]).toEqual([
      200,
      String(manifest.length),
      '',
    ]);

    // Moving the tag through this gateway is visible at once.
    const v2 = Buffer.from(manifest.toString().replace('"layers":[]', '"layers":[],"annotations":{"v":"2"}'));
    await call({
      method: 'PUT',
      url: `/v2/${REPO}/manifests/v1`,
      payload: v2,
      headers: { 'content-type': OCI_MANIFEST },
    });
    const moved = await call({ method: 'GET', url: `/v2/${REPO}/manifests/v1` });
    expect(moved.headers['docker-content-digest']).toBe(sha256(v2));

    const tagDelete = await call({ method: 'DELETE', url: `/v2/${REPO}/manifests/v1` });
    expect(tagDelete.statusCode).toBe(202);
    expect((await call({ method: 'GET', url: `/v2/${REPO}/manifests/v1` })).statusCode).toBe(404);
    const del = await call({ method: 'DELETE', url: `/v2/${REPO}/manifests/${sha256(manifest)}` });
    expect(del.statusCode).toBe(202);
    const gone = await call({ method: 'GET', url: `/v2/${REPO}/manifests/${sha256(manifest)}` });
    expect([gone.statusCode, errorCode(gone)]).toEqual([404, 'MANIFEST_UNKNOWN']);
  });

  it('refuses malformed references and oversized manifests', async () => {
    const digest = await call({ method: 'GET', url: `/v2/${REPO}/manifests/sha256:nothex` });
    expect([digest.statusCode, errorCode(digest)]).toEqual([400, 'DIGEST_INVALID']);
    const tag = await call({ method: 'PUT', url: `/v2/${REPO}/manifests/${'a'.repeat(129)}`, payload: '{}' });
    expect([tag.statusCode, errorCode(tag)]).toEqual([400, 'TAG_INVALID']);
    const large = await call({
      method: 'PUT',
      url: `/v2/${REPO}/manifests/big`,
      payload: Buffer.alloc(HARNESS_MANIFEST_LIMIT + 1, 32),
      headers: { 'content-type': OCI_MANIFEST },
    });
    expect([large.statusCode, errorCode(large)]).toEqual([413, 'MANIFEST_INVALID']);
  });

  it('lists referrers with OCI-Subject, filtering by artifactType', async () => {
    const empty = await h.push(Buffer.from('{}'));
    const subject = `sha256:${'5'.repeat(64)}`;
    const artifact = (type: string) =>
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: OCI_MANIFEST,
          artifactType: type,
          config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: empty, size: 2 },
          layers: [],
          subject: { mediaType: OCI_MANIFEST, digest: subject, size: 10 },
        }),
      );
    for (const type of ['application/vnd.example.sbom', 'application/vnd.example.sig']) {
      const m = artifact(type);
      const put = await call({
        method: 'PUT',
        url: `/v2/${REPO}/manifests/${sha256(m)}`,
        payload: m,
        headers: { 'content-type': OCI_MANIFEST },
      });
      expect([put.statusCode, put.headers['oci-subject']]).toEqual([201, subject]);
    }
    const all = await call({ method: 'GET', url: `/v2/${REPO}/referrers/${subject}` });
    expect([all.statusCode, all.headers['content-type'], all.json().manifests.length]).toEqual([
      200,
      'application/vnd.oci.image.index.v1+json',
      2,
    ]);
    const filtered = await call({
      method: 'GET',
      url: `/v2/${REPO}/referrers/${subject}?artifactType=application/vnd.example.sbom`,
    });
    expect([
      filtered.headers['oci-filters-applied'],
      filtered.json().manifests.map((d: { artifactType: string }) => d.artifactType),
    ]).toEqual(['artifactType', ['application/vnd.example.sbom']]);
    expect((await call({ method: 'GET', url: `/v2/${REPO}/referrers/sha256:bad` })).statusCode).toBe(400);
  });

  it('paginates tags and the catalog with Link headers', async () => {
    for (const t of ['c', 'a', 'b']) h.peers.tags.set(`team/paged:${t}`, sha256(t));
    h.peers.tags.set('team/zz:latest', sha256('zz'));
    const token2 = h.peers.token('admin', [{ type: 'repository', name: 'team/paged', actions: ['pull'] }]);
    const page = await h.anonymous({
      method: 'GET',
      url: '/v2/team/paged/tags/list?n=2',
      headers: { authorization: `Bearer ${token2}` },
    });
    expect([page.json(), page.headers.link]).toEqual([
      { name: 'team/paged', tags: ['a', 'b'] },
      '</v2/team/paged/tags/list?n=2&last=b>; rel="next"',
    ]);
    const zero = await h.anonymous({
      method: 'GET',
      url: '/v2/team/paged/tags/list?n=0',
      headers: { authorization: `Bearer ${token2}` },
    });
    expect([zero.json().tags, zero.headers.link]).toEqual([[], undefined]);
    const catalog = await call({ method: 'GET', url: '/v2/_catalog?n=1' });
    expect(catalog.statusCode).toBe(200);
    expect(catalog.json().repositories).toHaveLength(1);
    expect(catalog.headers.link).toMatch(/^<\/v2\/_catalog\?n=1&last=.+>; rel="next"$/);
    const unknown = await call({
      method: 'GET',
      url: `/v2/${REPO}-nope/tags/list`,
      headers: {
        authorization: `Bearer ${h.peers.token('admin', [{ type: 'repository', name: `${REPO}-nope`, actions: ['pull'] }])}`,
      },
    });
    expect([unknown.statusCode, errorCode(unknown)]).toEqual([404, 'NAME_UNKNOWN']);
  });
});
