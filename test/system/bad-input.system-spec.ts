import { randomBytes } from 'node:crypto';
import { RegistryClient, sha256 } from '../support/registry-client';
import { registry } from '../support/registry-env';

// Bad input gets the spec's error code and leaves nothing partial visible.
describe('bad input changes nothing', () => {
  const r = registry();
  const client = new RegistryClient(r.url, r.user, r.password);
  const repo = `badinput/r${randomBytes(3).toString('hex')}`;
  const errorCode = (body: Buffer) =>
    (JSON.parse(body.toString()) as { errors: Array<{ code: string }> }).errors[0].code;

  it('wrong digest: 400 DIGEST_INVALID and no blob under either digest', async () => {
    const data = randomBytes(1000);
    const wrong = sha256(randomBytes(10));
    const start = await client.request('POST', `/v2/${repo}/blobs/uploads/`);
    expect(start.status).toBe(202);
    const loc = new URL(start.headers.get('location')!, r.url);
    loc.searchParams.set('digest', wrong);
    const put = await client.request('PUT', loc.pathname + loc.search, {
      body: data,
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(put.status).toBe(400);
    expect(errorCode(put.body)).toBe('DIGEST_INVALID');
    expect((await client.request('HEAD', `/v2/${repo}/blobs/${wrong}`)).status).toBe(404);
    expect((await client.request('HEAD', `/v2/${repo}/blobs/${sha256(data)}`)).status).toBe(404);
  });

  it('truncated upload (Content-Length larger than the body sent) leaves no blob', async () => {
    const data = randomBytes(4096);
    const digest = sha256(data);
    const start = await client.request('POST', `/v2/${repo}/blobs/uploads/`);
    const loc = new URL(start.headers.get('location')!, r.url);
    // A PATCH claiming 4096 bytes that carries only half: the range must not grow past what arrived.
    const patch = await client.request('PATCH', loc.pathname + loc.search, {
      body: data.subarray(0, 2048),
      headers: { 'content-type': 'application/octet-stream', 'content-range': '0-4095' },
    });
    expect([202, 400, 416]).toContain(patch.status);
    loc.searchParams.set('digest', digest);
    const put = await client.request('PUT', loc.pathname + loc.search);
    expect(put.status).toBeGreaterThanOrEqual(400);
    expect((await client.request('HEAD', `/v2/${repo}/blobs/${digest}`)).status).toBe(404);
  });

  it('malformed manifest: 400 MANIFEST_INVALID and the tag does not exist', async () => {
    const put = await client.request('PUT', `/v2/${repo}/manifests/broken`, {
      body: '{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": 7}',
      headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
    });
    expect(put.status).toBe(400);
    expect(errorCode(put.body)).toBe('MANIFEST_INVALID');
    const get = await client.request('GET', `/v2/${repo}/manifests/broken`);
    expect(get.status).toBe(404);
  });

  it('invalid repository name: 400 NAME_INVALID', async () => {
    const res = await client.request('POST', `/v2/Bad/UPPER/blobs/uploads/`);
    expect(res.status).toBe(400);
    expect(errorCode(res.body)).toBe('NAME_INVALID');
    const single = await client.request('POST', `/v2/onlyonecomponent/blobs/uploads/`);
    expect(single.status).toBe(400);
    expect(errorCode(single.body)).toBe('NAME_INVALID');
  });

  it('invalid tag: 400 TAG_INVALID (or MANIFEST_INVALID) and nothing stored', async () => {
    const config = Buffer.from('{}');
    const configDigest = await client.pushBlob(repo, config);
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: configDigest,
        size: config.length,
      },
      layers: [],
    });
    const tag = '-starts-with-dash';
    const put = await client.request('PUT', `/v2/${repo}/manifests/${tag}`, {
      body: manifest,
      headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
    });
    expect(put.status).toBe(400);
    expect(['TAG_INVALID', 'MANIFEST_INVALID']).toContain(errorCode(put.body));
    const byDigest = await client.request('GET', `/v2/${repo}/manifests/${sha256(manifest)}`);
    expect(byDigest.status).toBe(404);
  });

  it('unknown upload id: 404 BLOB_UPLOAD_UNKNOWN for status, PATCH and PUT', async () => {
    const id = '3f2a1c9e-0000-4000-8000-000000000000';
    for (const method of ['GET', 'PATCH', 'PUT', 'DELETE']) {
      const res = await client.request(
        method,
        `/v2/${repo}/blobs/uploads/${id}${method === 'PUT' ? `?digest=${sha256('x')}` : ''}`,
        {
          body: method === 'PATCH' || method === 'PUT' ? 'x' : undefined,
        },
      );
      expect({ method, status: res.status, code: errorCode(res.body) }).toEqual({
        method,
        status: 404,
        code: 'BLOB_UPLOAD_UNKNOWN',
      });
    }
  });
});
