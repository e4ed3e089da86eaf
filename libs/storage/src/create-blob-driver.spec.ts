import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createBlobDriver } from './create-blob-driver';
import { FilesystemBlobDriver } from './filesystem-blob-driver';
import { S3BlobDriver } from './s3-blob-driver';

describe('createBlobDriver', () => {
  it('builds a working filesystem driver rooted at the configured directory', async () => {
    const root = await mkdtemp(join(tmpdir(), 'berth-create-driver-'));
    try {
      const driver = createBlobDriver({ driver: 'filesystem', root });
      expect(driver).toBeInstanceOf(FilesystemBlobDriver);
      expect(driver.name).toBe('filesystem');
      expect(driver.presignGet).toBeUndefined();
      await driver.put('a/b', Readable.from([Buffer.from('hi')]));
      expect((driver as FilesystemBlobDriver).root).toBe(root);
      expect((await driver.stat('a/b'))?.size).toBe(2);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('builds an S3 driver from the S3 options', () => {
    const driver = createBlobDriver({
      driver: 's3',
      endPoint: 'minio.internal',
      port: 9000,
      useSSL: false,
      accessKey: 'a',
      secretKey: 'b',
      bucket: 'berth-blobs',
    });
    expect(driver).toBeInstanceOf(S3BlobDriver);
    expect(driver.name).toBe('s3');
    expect(typeof driver.presignGet).toBe('function');
  });
});
