import { BerthError, ErrorCode } from '@berth/errors';
import { digestOf } from '@berth/oci';
import { blobKey } from '@berth/storage';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { type DistributionHarness, startDistribution } from '../../test/distribution-harness';

jest.setTimeout(60_000);

let h: DistributionHarness;
beforeAll(async () => {
  h = await startDistribution();
});
afterAll(async () => {
  await h?.close();
});

async function upload(repository: string, data: Buffer): Promise<{ id: string; storageKey: string }> {
  const { session } = await h.client.startUpload({ repository });
  if (!session) throw new Error('no session');
  if (data.byteLength > 0) await h.driver.append(session.storageKey, Readable.from([data]), 0);
  return { id: session.id, storageKey: session.storageKey };
}

function codeOf(result: PromiseSettledResult<unknown>): string {
  if (result.status === 'fulfilled') return 'ok';
  return result.reason instanceof BerthError ? result.reason.code : String(result.reason);
}

describe('committing uploads concurrently', () => {
  it('lets exactly one of two commits and a cancel of one session proceed', async () => {
    for (let round = 0; round < 8; round++) {
      const data = Buffer.from(`contended ${round}`);
      const digest = digestOf(data);
      const { id, storageKey } = await upload('race/app', data);
      const commit = () =>
        h.client.commitUpload({ repository: 'race/app', uploadId: id, digest, size: data.byteLength });
      const results = await Promise.allSettled([
        commit(),
        h.client.cancelUpload({ repository: 'race/app', uploadId: id }),
        commit(),
      ]);
      const codes = results.map(codeOf);
      expect(codes.filter((c) => c === 'ok')).toHaveLength(1);
      expect(codes.filter((c) => c !== 'ok')).toEqual([
        ErrorCode.BLOB_UPLOAD_UNKNOWN,
        ErrorCode.BLOB_UPLOAD_UNKNOWN,
      ]);
      const committed = codes[1] !== 'ok';
      const links = await h.sql(
        'SELECT 1 FROM distribution.repository_blobs WHERE repository = $1 AND digest = $2',
        ['race/app', digest],
      );
      expect(links).toHaveLength(committed ? 1 : 0);
      if (committed) expect(await readFile(join(h.driver.root, blobKey(digest)))).toEqual(data);
      expect(await h.driver.stat(storageKey)).toBeNull();
      expect(await h.sql('SELECT 1 FROM distribution.upload_sessions WHERE id = $1', [id])).toHaveLength(0);
    }
  });

  it('records a blob once however often it is committed to one repository', async () => {
    const data = Buffer.from('pushed twice');
    const digest = digestOf(data);
    const sessions = await Promise.all([upload('team/twice', data), upload('team/twice', data)]);
    const results = await Promise.all(
      sessions.map(({ id }) =>
        h.client.commitUpload({ repository: 'team/twice', uploadId: id, digest, size: data.byteLength }),
      ),
    );
    const expected = { digest, size: data.byteLength, storageKey: blobKey(digest) };
    expect(results.map((r) => r.blob)).toEqual([expected, expected]);
    expect(await h.sql('SELECT 1 FROM distribution.blobs WHERE digest = $1', [digest])).toHaveLength(1);
    expect(
      await h.sql('SELECT 1 FROM distribution.repository_blobs WHERE digest = $1', [digest]),
    ).toHaveLength(1);
    await expect(h.client.statBlob({ repository: 'team/twice', digest })).resolves.toEqual({
      blob: expected,
    });
  });
});

describe('refused commits', () => {
  it('leave the session exactly as it was, with its data', async () => {
    const data = Buffer.from('kept for a retry');
    const { id, storageKey } = await upload('team/retry', data);
    const { session } = await h.client.getUpload({ repository: 'team/retry', uploadId: id });
    const wrongSize = h.client.commitUpload({
      repository: 'team/retry',
      uploadId: id,
      digest: digestOf(data),
      size: data.byteLength + 1,
    });
    await expect(wrongSize).rejects.toMatchObject({ code: ErrorCode.SIZE_INVALID });
    await expect(h.client.getUpload({ repository: 'team/retry', uploadId: id })).resolves.toEqual({
      session,
    });
    expect((await h.driver.stat(storageKey))?.size).toBe(data.byteLength);
  });

  it('leave an empty session open when the digest is not the empty digest', async () => {
    const { id } = await upload('team/retry', Buffer.alloc(0));
    const wrongDigest = h.client.commitUpload({
      repository: 'team/retry',
      uploadId: id,
      digest: digestOf('not empty'),
      size: 0,
    });
    await expect(wrongDigest).rejects.toMatchObject({ code: ErrorCode.DIGEST_INVALID });
    await expect(
      h.client.commitUpload({ repository: 'team/retry', uploadId: id, digest: digestOf(''), size: 0 }),
    ).resolves.toMatchObject({ blob: { digest: digestOf(''), size: 0 } });
  });
});

describe('mounting', () => {
  it('counts a blob the target already links as mounted, whatever the source', async () => {
    const data = Buffer.from('already here');
    const digest = digestOf(data);
    const { id } = await upload('team/own', data);
    await h.client.commitUpload({ repository: 'team/own', uploadId: id, digest, size: data.byteLength });
    await expect(
      h.client.mountBlob({ repository: 'team/own', digest, from: 'team/elsewhere' }),
    ).resolves.toEqual({
      mounted: true,
      blob: { digest, size: data.byteLength, storageKey: blobKey(digest) },
    });
    expect(
      await h.sql('SELECT 1 FROM distribution.repository_blobs WHERE digest = $1', [digest]),
    ).toHaveLength(1);
  });
});
