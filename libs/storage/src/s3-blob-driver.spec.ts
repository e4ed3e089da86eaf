import type { Client } from 'minio';
import { S3BlobDriver, type S3BlobDriverOptions } from './s3-blob-driver';
import { describeBlobDriver } from './testing/blob-driver.suite';
import { startFakeS3, type FakeS3 } from './testing/s3rver-server';
import { bodyOf, bytes, expectBytes, failingBody, MiB, readAll } from './testing/stream-fixtures';

let bucketCounter = 0;

async function s3Fixture(extra: Partial<S3BlobDriverOptions> = {}) {
  const s3 = await startFakeS3();
  const driver = new S3BlobDriver({
    ...s3,
    transportAgent: s3.agent,
    bucket: `berth-test-${++bucketCounter}`,
    prefix: 'registry',
    ...extra,
  });
  await driver.ensureBucket();
  return { s3, driver };
}

describeBlobDriver('s3 (s3rver)', async () => {
  const { s3, driver } = await s3Fixture();
  return { driver, cleanup: () => s3.stop() };
});

// Small parts and a tiny CopyObject limit push every test of the suite through the multipart
// upload and the streamed commit, the paths real S3 takes for large blobs.
describeBlobDriver('s3 (s3rver, multipart and streamed commits)', async () => {
  const { s3, driver } = await s3Fixture({ partSize: 5 * MiB, copyObjectLimit: 1 });
  return { driver, cleanup: () => s3.stop() };
});

async function objectNames(client: Client, bucket: string): Promise<string[]> {
  const names: string[] = [];
  for await (const item of client.listObjectsV2(bucket, '', true))
    names.push((item as { name: string }).name);
  return names.sort();
}

describe('S3BlobDriver', () => {
  let s3: FakeS3;
  let driver: S3BlobDriver;
  const bucket = 'berth-layout';

  beforeAll(async () => {
    ({ s3, driver } = await s3Fixture({ bucket, prefix: '/root/', partSize: 5 * MiB }));
  });
  afterAll(() => s3.stop());

  it('stores appended chunks as offset-named parts under the prefix and one object after commit', async () => {
    await driver.append('uploads/u1/data', bodyOf(bytes(10)), 0);
    await driver.append('uploads/u1/data', bodyOf(bytes(20)), 10);
    expect(await objectNames(s3.client, bucket)).toEqual([
      'root/uploads/u1/data.parts/0000000000000000',
      'root/uploads/u1/data.parts/0000000000000010',
    ]);
    await driver.commit('uploads/u1/data', 'blobs/sha256/ab/ab01');
    expect(await objectNames(s3.client, bucket)).toEqual(['root/blobs/sha256/ab/ab01']);
    expect((await s3.client.statObject(bucket, 'root/blobs/sha256/ab/ab01')).size).toBe(30);
    await driver.delete('blobs/sha256/ab/ab01');
  });

  it('uploads a body larger than one part as a multipart upload', async () => {
    const data = bytes(12 * MiB + 5);
    expect(await driver.put('big', bodyOf(data), { expectedSize: data.length })).toEqual({
      size: data.length,
    });
    const etag = (await s3.client.statObject(bucket, 'root/big')).etag;
    expect(etag).toMatch(/-3$|^[0-9a-f]{32}$/);
    expectBytes(await readAll(await driver.read('big')), data);
    await driver.delete('big');
  });

  it('stores nothing when a multipart body fails after some parts were uploaded', async () => {
    await expect(driver.put('broken', failingBody(bytes(11 * MiB), new Error('reset')))).rejects.toThrow(
      'reset',
    );
    expect(await driver.stat('broken')).toBeNull();
    expect(await objectNames(s3.client, bucket)).toEqual([]);
  });

  it('presigns GET URLs that serve the object', async () => {
    const data = bytes(2048);
    await driver.put('blobs/sha256/cd/cdef', bodyOf(data));
    const url = await driver.presignGet('blobs/sha256/cd/cdef', 60);
    expect(url).toContain('/root/blobs/sha256/cd/cdef?');
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expectBytes(Buffer.from(await res.arrayBuffer()), data);
    // s3rver does not check V4 signatures, so this can only assert the URL's shape.
    const params = new URL(url).searchParams;
    expect(params.get('X-Amz-Expires')).toBe('60');
    expect(params.get('X-Amz-Credential')).toMatch(/^S3RVER\/\d{8}\/us-east-1\/s3\/aws4_request$/);
    expect(params.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('presigns against publicUrl when one is configured', async () => {
    const publicDriver = new S3BlobDriver({
      ...s3,
      bucket,
      prefix: 'root',
      publicUrl: 'https://registry-s3.example.com',
    });
    const url = new URL(await publicDriver.presignGet('blobs/sha256/cd/cdef', 60));
    expect(url.origin).toBe('https://registry-s3.example.com');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
  });

  it('rejects presign expiries S3 would refuse', async () => {
    for (const expiry of [0, -1, 1.5, 7 * 24 * 3600 + 1]) {
      await expect(driver.presignGet('blobs/sha256/cd/cdef', expiry)).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
    }
  });

  it('ensureBucket is idempotent; part sizes outside 5-64 MiB are refused', async () => {
    await driver.ensureBucket();
    expect(() => new S3BlobDriver({ ...s3, bucket, partSize: MiB })).toThrow(/partSize/);
    expect(() => new S3BlobDriver({ ...s3, bucket, partSize: 65 * MiB })).toThrow(/partSize/);
  });
});
