import { ErrorCode } from '@berth/errors';
import { digestOf } from '@berth/oci';
import { blobKey } from '@berth/storage';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGrpcClient } from '@berth/grpc';
import type { healthV1 } from '@berth/proto';
import { type DistributionHarness, errorOf, startDistribution } from '../../test/distribution-harness';

jest.setTimeout(60_000);

let h: DistributionHarness;
beforeAll(async () => {
  h = await startDistribution();
});
afterAll(async () => {
  await h?.close();
});

/** What the gateway does: open a session and append the bytes at its storage key. */
async function upload(repository: string, data: Buffer): Promise<{ id: string; storageKey: string }> {
  const { session } = await h.client.startUpload({ repository });
  if (!session) throw new Error('no session');
  if (data.byteLength > 0) await h.driver.append(session.storageKey, Readable.from([data]), 0);
  return { id: session.id, storageKey: session.storageKey };
}

async function push(repository: string, data: Buffer) {
  const { id } = await upload(repository, data);
  return h.client.commitUpload({ repository, uploadId: id, digest: digestOf(data), size: data.byteLength });
}

describe('upload sessions', () => {
  it('opens a session readable only from its repository', async () => {
    const { session } = await h.client.startUpload({ repository: 'team/app' });
    expect(session).toMatchObject({ repository: 'team/app', storageKey: `uploads/${session?.id}/data` });
    expect(new Date(session?.startedAt ?? '').getTime()).toBeGreaterThan(Date.now() - 60_000);

    await expect(
      h.client.getUpload({ repository: 'team/app', uploadId: session?.id ?? '' }),
    ).resolves.toEqual({ session });
    for (const [repository, uploadId] of [
      ['team/other', session?.id ?? ''],
      ['team/app', 'not-a-uuid'],
      ['team/app', '00000000-0000-0000-0000-000000000000'],
    ]) {
      expect((await errorOf(h.client.getUpload({ repository, uploadId }))).code).toBe(
        ErrorCode.BLOB_UPLOAD_UNKNOWN,
      );
    }
  });

  it('refuses invalid repository names', async () => {
    expect((await errorOf(h.client.startUpload({ repository: 'Team/App' }))).code).toBe(
      ErrorCode.NAME_INVALID,
    );
  });

  it('commits the data as a blob linked to the repository and closes the session', async () => {
    const data = Buffer.from('layer bytes for commit');
    const digest = digestOf(data);
    const { id } = await upload('team/app', data);

    const { blob } = await h.client.commitUpload({
      repository: 'team/app',
      uploadId: id,
      digest,
      size: data.byteLength,
    });
    expect(blob).toEqual({ digest, size: data.byteLength, storageKey: blobKey(digest) });
    await expect(h.client.statBlob({ repository: 'team/app', digest })).resolves.toEqual({ blob });
    expect(await readFile(join(h.driver.root, blobKey(digest)))).toEqual(data);
    expect(await readdir(join(h.driver.root, 'uploads'))).not.toContain(id);
    expect((await errorOf(h.client.getUpload({ repository: 'team/app', uploadId: id }))).code).toBe(
      ErrorCode.BLOB_UPLOAD_UNKNOWN,
    );

    expect((await errorOf(h.client.statBlob({ repository: 'team/other', digest }))).code).toBe(
      ErrorCode.BLOB_UNKNOWN,
    );
    expect((await errorOf(h.client.statBlob({ repository: 'team/app', digest: 'sha256:nope' }))).code).toBe(
      ErrorCode.DIGEST_INVALID,
    );
  });

  it('deduplicates the same blob committed concurrently from two repositories', async () => {
    const data = Buffer.from('shared base layer');
    const digest = digestOf(data);
    const [a, b] = await Promise.all([upload('team/one', data), upload('team/two', data)]);
    const results = await Promise.all([
      h.client.commitUpload({ repository: 'team/one', uploadId: a.id, digest, size: data.byteLength }),
      h.client.commitUpload({ repository: 'team/two', uploadId: b.id, digest, size: data.byteLength }),
    ]);
    expect(results.map((r) => r.blob?.storageKey)).toEqual([blobKey(digest), blobKey(digest)]);
    expect(await h.sql('SELECT digest FROM distribution.blobs WHERE digest = $1', [digest])).toHaveLength(1);
    const links = await h.sql<{ repository: string }>(
      'SELECT repository FROM distribution.repository_blobs WHERE digest = $1 ORDER BY repository',
      [digest],
    );
    expect(links.map((l) => l.repository)).toEqual(['team/one', 'team/two']);
    expect(await h.driver.stat(a.storageKey)).toBeNull();
    expect(await h.driver.stat(b.storageKey)).toBeNull();
    expect(await readFile(join(h.driver.root, blobKey(digest)))).toEqual(data);
  });

  it('refuses a commit whose size is not the stored size, and keeps the session for a retry', async () => {
    const data = Buffer.from('twelve bytes');
    const digest = digestOf(data);
    const { id } = await upload('team/app', data);
    const error = await errorOf(
      h.client.commitUpload({ repository: 'team/app', uploadId: id, digest, size: 13 }),
    );
    expect(error.code).toBe(ErrorCode.SIZE_INVALID);
    expect(error.detail).toEqual({ expected: 13, actual: 12 });
    await expect(
      h.client.commitUpload({ repository: 'team/app', uploadId: id, digest, size: 12 }),
    ).resolves.toMatchObject({
      blob: { digest, size: 12 },
    });
  });

  it('refuses commits of unknown sessions and malformed digests', async () => {
    const { id } = await upload('team/app', Buffer.from('x'));
    const unknown = { repository: 'team/other', uploadId: id, digest: digestOf('x'), size: 1 };
    expect((await errorOf(h.client.commitUpload(unknown))).code).toBe(ErrorCode.BLOB_UPLOAD_UNKNOWN);
    const malformed = { repository: 'team/app', uploadId: id, digest: 'md5:abc', size: 1 };
    expect((await errorOf(h.client.commitUpload(malformed))).code).toBe(ErrorCode.DIGEST_INVALID);
  });

  it('commits an upload that never received data as the empty blob', async () => {
    const { blob } = await push('team/app', Buffer.alloc(0));
    expect(blob).toMatchObject({ digest: digestOf(''), size: 0 });
    expect((await h.driver.stat(blobKey(digestOf(''))))?.size).toBe(0);
  });

  it('cancels a session and deletes its data', async () => {
    const { id, storageKey } = await upload('team/app', Buffer.from('abandoned'));
    expect((await errorOf(h.client.cancelUpload({ repository: 'team/other', uploadId: id }))).code).toBe(
      ErrorCode.BLOB_UPLOAD_UNKNOWN,
    );
    await expect(h.client.cancelUpload({ repository: 'team/app', uploadId: id })).resolves.toEqual({});
    expect(await h.driver.stat(storageKey)).toBeNull();
    expect((await errorOf(h.client.getUpload({ repository: 'team/app', uploadId: id }))).code).toBe(
      ErrorCode.BLOB_UPLOAD_UNKNOWN,
    );
    expect((await errorOf(h.client.cancelUpload({ repository: 'team/app', uploadId: id }))).code).toBe(
      ErrorCode.BLOB_UPLOAD_UNKNOWN,
    );
  });
});

describe('blobs', () => {
  it('mounts from a repository that links the blob, and only from one that does', async () => {
    const data = Buffer.from('mountable');
    const digest = digestOf(data);
    await push('src/base', data);

    const refused = await h.client.mountBlob({ repository: 'dst/app', digest, from: 'team/nothing' });
    expect(refused.mounted).toBe(false);
    expect(refused.blob ?? undefined).toBeUndefined();
    expect((await errorOf(h.client.statBlob({ repository: 'dst/app', digest }))).code).toBe(
      ErrorCode.BLOB_UNKNOWN,
    );

    const mounted = await h.client.mountBlob({ repository: 'dst/app', digest, from: 'src/base' });
    expect(mounted).toEqual({
      mounted: true,
      blob: { digest, size: data.byteLength, storageKey: blobKey(digest) },
    });
    await expect(h.client.statBlob({ repository: 'dst/app', digest })).resolves.toEqual({
      blob: mounted.blob,
    });
  });

  it('mounts without a source from any repository holding the blob', async () => {
    const data = Buffer.from('anywhere');
    const digest = digestOf(data);
    await push('src/any', data);
    await expect(h.client.mountBlob({ repository: 'dst/any', digest })).resolves.toMatchObject({
      mounted: true,
    });
    await expect(h.client.statBlob({ repository: 'dst/any', digest })).resolves.toMatchObject({
      blob: { digest },
    });
    const unknown = await h.client.mountBlob({ repository: 'dst/any', digest: digestOf('never pushed') });
    expect(unknown.mounted).toBe(false);
    expect(unknown.blob ?? undefined).toBeUndefined();
  });

  it('unlinks a blob from one repository only', async () => {
    const data = Buffer.from('to unlink');
    const digest = digestOf(data);
    await push('team/keep', data);
    await push('team/drop', data);
    await expect(h.client.deleteBlob({ repository: 'team/drop', digest })).resolves.toEqual({});
    expect((await errorOf(h.client.statBlob({ repository: 'team/drop', digest }))).code).toBe(
      ErrorCode.BLOB_UNKNOWN,
    );
    await expect(h.client.statBlob({ repository: 'team/keep', digest })).resolves.toMatchObject({
      blob: { digest },
    });
    expect((await errorOf(h.client.deleteBlob({ repository: 'team/drop', digest }))).code).toBe(
      ErrorCode.BLOB_UNKNOWN,
    );
  });
});

describe('health', () => {
  it('is SERVING once the database and the blob store answer', async () => {
    const address = process.env['BERTH_DISTRIBUTION_GRPC_LISTEN'] ?? '';
    const health = createGrpcClient<healthV1.HealthClient>('grpc.health.v1', 'Health', address);
    try {
      await expect(health.client.check({ service: '' })).resolves.toEqual({ status: 'SERVING' });
      expect(await h.driver.stat('health/distribution-readiness')).not.toBeNull();
    } finally {
      health.close();
    }
  });
});
