import { Readable } from 'node:stream';
import { errorCode, GatewayHarness, sha256, sha512 } from '../testing/gateway-harness';

const REPO = 'team/app';

describe('blob uploads and blobs over HTTP (fake peers, filesystem storage)', () => {
  const h = new GatewayHarness(REPO);
  const call: GatewayHarness['call'] = (opts, app) => h.call(opts, app);

  beforeAll(() => h.start());
  afterAll(() => h.close());

  it('pushes a blob monolithically and serves it with HEAD, GET and Range', async () => {
    const data = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz');
    const digest = await h.push(data);
    const head = await call({ method: 'HEAD', url: `/v2/${REPO}/blobs/${digest}` });
    expect([
      head.statusCode,
      head.headers['content-length'],
      head.headers['docker-content-digest'],
      head.body,
    ]).toEqual([200, '36', digest, '']);
    const get = await call({ method: 'GET', url: `/v2/${REPO}/blobs/${digest}` });
    expect(get.rawPayload.equals(data)).toBe(true);
    const range = await call({
      method: 'GET',
      url: `/v2/${REPO}/blobs/${digest}`,
      headers: { range: 'bytes=10-19' },
    });
    expect([range.statusCode, range.headers['content-range'], range.body]).toEqual([
      206,
      'bytes 10-19/36',
      'abcdefghij',
    ]);
    const bad = await call({
      method: 'GET',
      url: `/v2/${REPO}/blobs/${digest}`,
      headers: { range: 'bytes=100-' },
    });
    expect([bad.statusCode, bad.headers['content-range'], errorCode(bad)]).toEqual([
      416,
      'bytes */36',
      'RANGE_INVALID',
    ]);
    const unknown = await call({ method: 'GET', url: `/v2/${REPO}/blobs/${sha256('nope')}` });
    expect([unknown.statusCode, errorCode(unknown)]).toEqual([404, 'BLOB_UNKNOWN']);
  });

  it('pushes with a single POST ?digest= and refuses a digest that does not match', async () => {
    const data = Buffer.from('single post body');
    const ok = await call({
      method: 'POST',
      url: `/v2/${REPO}/blobs/uploads/?digest=${sha256(data)}`,
      payload: data,
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect([ok.statusCode, ok.headers.location]).toEqual([201, `/v2/${REPO}/blobs/${sha256(data)}`]);
    const wrong = await call({
      method: 'POST',
      url: `/v2/${REPO}/blobs/uploads/?digest=${sha256('other')}`,
      payload: data,
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect([wrong.statusCode, errorCode(wrong)]).toEqual([400, 'DIGEST_INVALID']);
    const head = await call({ method: 'HEAD', url: `/v2/${REPO}/blobs/${sha256('other')}` });
    expect(head.statusCode).toBe(404);
  });

  it('pushes in chunks across two replicas, refusing an out-of-order chunk with 416', async () => {
    const data = Buffer.from('chunk-one|chunk-two|chunk-three');
    const start = await call({ method: 'POST', url: `/v2/${REPO}/blobs/uploads/` });
    const loc = start.headers.location as string;
    const c1 = await call({
      method: 'PATCH',
      url: loc,
      payload: data.subarray(0, 10),
      headers: { 'content-range': '0-9', 'content-type': 'application/octet-stream' },
    });
    expect([c1.statusCode, c1.headers.range, c1.headers['docker-upload-uuid']]).toEqual([
      202,
      '0-9',
      loc.split('/').pop(),
    ]);
    const skip = await call({
      method: 'PATCH',
      url: loc,
      payload: data.subarray(20, 30),
      headers: { 'content-range': '20-29' },
    });
    expect([skip.statusCode, skip.headers.range]).toEqual([416, '0-9']);
    // The second chunk lands on another replica, which has no hash state for the upload.
    const c2 = await call(
      { method: 'PATCH', url: loc, payload: data.subarray(10, 20), headers: { 'content-range': '10-19' } },
      h.replica,
    );
    expect([c2.statusCode, c2.headers.range]).toEqual([202, '0-19']);
    const status = await call({ method: 'GET', url: loc });
    expect([status.statusCode, status.headers.range]).toEqual([204, '0-19']);
    const mismatch = await call({
      method: 'PATCH',
      url: loc,
      payload: Buffer.alloc(5),
      headers: { 'content-range': '20-29' },
    });
    expect([mismatch.statusCode, errorCode(mismatch)]).toEqual([400, 'SIZE_INVALID']);
    const done = await call({
      method: 'PUT',
      url: `${loc}?digest=${sha256(data)}`,
      payload: data.subarray(20),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(done.statusCode).toBe(201);
    const get = await call({ method: 'GET', url: `/v2/${REPO}/blobs/${sha256(data)}` });
    expect(get.rawPayload.equals(data)).toBe(true);
  });

  it('accepts a streamed PATCH without Content-Range, a sha512 digest and an empty blob', async () => {
    const data = Buffer.from('streamed like docker does');
    const start = await call({ method: 'POST', url: `/v2/${REPO}/blobs/uploads/` });
    const patch = await call({ method: 'PATCH', url: start.headers.location as string, payload: data });
    expect([patch.statusCode, patch.headers.range]).toEqual([202, `0-${data.length - 1}`]);
    const put = await call({ method: 'PUT', url: `${patch.headers.location}?digest=${sha512(data)}` });
    expect([put.statusCode, put.headers['docker-content-digest']]).toEqual([201, sha512(data)]);
    await h.push(Buffer.alloc(0));
  });

  it('continues from the stored size when another replica appended after this one', async () => {
    const data = Buffer.from('first|second|third|');
    const start = await call({ method: 'POST', url: `/v2/${REPO}/blobs/uploads/` });
    const loc = start.headers.location as string;
    await call({ method: 'PATCH', url: loc, payload: data.subarray(0, 6) });
    const other = await call({ method: 'PATCH', url: loc, payload: data.subarray(6, 13) }, h.replica);
    expect(other.headers.range).toBe('0-12');
    // This replica's state still says 6 bytes: the streamed chunk goes after the 13 stored ones.
    const third = await call({ method: 'PATCH', url: loc, payload: data.subarray(13) });
    expect([third.statusCode, third.headers.range]).toEqual([202, `0-${data.length - 1}`]);
    const put = await call({ method: 'PUT', url: `${loc}?digest=${sha256(data)}` });
    expect(put.statusCode).toBe(201);

    const start2 = await call({ method: 'POST', url: `/v2/${REPO}/blobs/uploads/` });
    const loc2 = start2.headers.location as string;
    await call({ method: 'PATCH', url: loc2, payload: data.subarray(0, 6) });
    await call({ method: 'PATCH', url: loc2, payload: data.subarray(6) }, h.replica);
    // A PUT without a body on the replica that knows only the first chunk commits all of it.
    const put2 = await call({ method: 'PUT', url: `${loc2}?digest=${sha256(data)}` });
    expect([put2.statusCode, put2.headers['docker-content-digest']]).toEqual([201, sha256(data)]);
  });

  it('keeps the size of an upload whose chunk failed half-way', async () => {
    const data = Buffer.from('0123456789abcdefghij');
    const start = await call({ method: 'POST', url: `/v2/${REPO}/blobs/uploads/` });
    const loc = start.headers.location as string;
    await call({ method: 'PATCH', url: loc, payload: data.subarray(0, 10) });
    // Content-Length promises more than the body brings: the append fails after storing bytes.
    const short = await call({
      method: 'PATCH',
      url: loc,
      payload: Readable.from([Buffer.from('xxxxx')]),
      headers: { 'content-range': '10-19', 'content-length': '10' },
    });
    expect(short.statusCode).toBeGreaterThanOrEqual(400);
    const status = await call({ method: 'GET', url: loc });
    expect(status.headers.range).toBe('0-9');
    const rest = await call({ method: 'PATCH', url: loc, payload: data.subarray(10) });
    expect([rest.statusCode, rest.headers.range]).toEqual([202, '0-19']);
    const put = await call({ method: 'PUT', url: `${loc}?digest=${sha256(data)}` });
    expect(put.statusCode).toBe(201);
  });

  it('cancels an upload', async () => {
    const start = await call({ method: 'POST', url: `/v2/${REPO}/blobs/uploads/` });
    expect((await call({ method: 'DELETE', url: start.headers.location as string })).statusCode).toBe(204);
    const status = await call({ method: 'GET', url: start.headers.location as string });
    expect([status.statusCode, errorCode(status)]).toEqual([404, 'BLOB_UPLOAD_UNKNOWN']);
  });

  it('mounts from a repository the token may pull, and falls back to an upload otherwise', async () => {
    const digest = await h.push(Buffer.from('mount me'));
    const mounted = await call({
      method: 'POST',
      url: `/v2/team/other/blobs/uploads/?mount=${digest}&from=${REPO}`,
    });
    expect([mounted.statusCode, mounted.headers.location, mounted.headers['docker-content-digest']]).toEqual([
      201,
      `/v2/team/other/blobs/${digest}`,
      digest,
    ]);
    const noFrom = await call({ method: 'POST', url: `/v2/team/other/blobs/uploads/?mount=${digest}` });
    expect(noFrom.statusCode).toBe(202);
    const foreign = await call({
      method: 'POST',
      url: `/v2/${REPO}/blobs/uploads/?mount=${digest}&from=team/secret`,
    });
    expect(foreign.statusCode).toBe(202);
  });

  it('answers HEAD and GET of known blobs from memory and forgets a blob it deletes', async () => {
    const statBlob = jest.spyOn(h.peers.distribution, 'statBlob');
    try {
      const digest = sha256('not pushed yet');
      const before = await call({ method: 'HEAD', url: `/v2/${REPO}/blobs/${digest}` });
      expect(before.statusCode).toBe(404);
      await h.push(Buffer.from('not pushed yet'));
      statBlob.mockClear();
      // Pushed through this replica: the HEAD that follows a push is answered without a call.
      const head = await call({ method: 'HEAD', url: `/v2/${REPO}/blobs/${digest}` });
      const get = await call({ method: 'GET', url: `/v2/${REPO}/blobs/${digest}` });
      expect([head.statusCode, get.body, statBlob.mock.calls.length]).toEqual([200, 'not pushed yet', 0]);

      // The other replica learns it once, then serves it from memory too.
      await call({ method: 'HEAD', url: `/v2/${REPO}/blobs/${digest}` }, h.replica);
      await call({ method: 'HEAD', url: `/v2/${REPO}/blobs/${digest}` }, h.replica);
      expect(statBlob).toHaveBeenCalledTimes(1);

      const del = await call({ method: 'DELETE', url: `/v2/${REPO}/blobs/${digest}` });
      expect(del.statusCode).toBe(202);
      const gone = await call({ method: 'HEAD', url: `/v2/${REPO}/blobs/${digest}` });
      expect(gone.statusCode).toBe(404);
      // Deleted through another replica: still answered there until its cache entry expires.
      const stale = await call({ method: 'HEAD', url: `/v2/${REPO}/blobs/${digest}` }, h.replica);
      expect(stale.statusCode).toBe(200);
    } finally {
      statBlob.mockRestore();
    }
  });

  it('answers HEAD and GET of a blob whose bytes are not stored without asking distribution', async () => {
    const statBlob = jest.spyOn(h.peers.distribution, 'statBlob');
    try {
      const digest = sha256('never stored');
      const head = await call({ method: 'HEAD', url: `/v2/${REPO}/blobs/${digest}` });
      const get = await call({ method: 'GET', url: `/v2/${REPO}/blobs/${digest}` });
      expect([head.statusCode, get.statusCode, errorCode(get), statBlob.mock.calls.length]).toEqual([
        404,
        404,
        'BLOB_UNKNOWN',
        0,
      ]);
      // Stored, but only linked to another repository: distribution decides.
      const other = await h.push(Buffer.from('stored for team/app only'));
      const elsewhere = await call({ method: 'HEAD', url: `/v2/team/other/blobs/${other}` });
      expect([elsewhere.statusCode, statBlob.mock.calls.length]).toEqual([404, 1]);
    } finally {
      statBlob.mockRestore();
    }
  });

  it('remembers a mounted blob for the HEAD that follows', async () => {
    const digest = await h.push(Buffer.from('mount and head'));
    await call({ method: 'POST', url: `/v2/team/other/blobs/uploads/?mount=${digest}&from=${REPO}` });
    const statBlob = jest.spyOn(h.peers.distribution, 'statBlob');
    try {
      const head = await call({ method: 'HEAD', url: `/v2/team/other/blobs/${digest}` });
      expect([head.statusCode, statBlob.mock.calls.length]).toEqual([200, 0]);
    } finally {
      statBlob.mockRestore();
    }
  });
});
