import fsPromises from 'node:fs/promises';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { FilesystemBlobDriver } from './filesystem-blob-driver';
import { describeBlobDriver } from './testing/blob-driver.suite';
import { bodyOf, bytes, collect, failingBody } from './testing/stream-fixtures';

describeBlobDriver('filesystem', async () => {
  const root = await mkdtemp(join(tmpdir(), 'berth-fs-driver-'));
  return {
    driver: new FilesystemBlobDriver(root),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
});

describe('FilesystemBlobDriver', () => {
  let root: string;
  let driver: FilesystemBlobDriver;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'berth-fs-driver-'));
    driver = new FilesystemBlobDriver(root);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('stores a key as a file at the same relative path', async () => {
    const data = bytes(100);
    await driver.put('blobs/sha256/ab/abcd', bodyOf(data));
    expect((await readFile(join(root, 'blobs/sha256/ab/abcd'))).equals(data)).toBe(true);
  });

  it('leaves no temporary files behind and never lists them', async () => {
    await driver.put('a/ok', bodyOf(bytes(10)));
    await expect(driver.put('a/bad', failingBody(bytes(1000), new Error('gone')))).rejects.toThrow('gone');
    await expect(driver.put('a/short', bodyOf(bytes(10)), { expectedSize: 11 })).rejects.toThrow();
    expect(await readdir(join(root, '_tmp'))).toEqual([]);
    expect(await collect(driver.list(''))).toEqual(['a/ok']);
  });

  it('does not treat directories as objects', async () => {
    await driver.put('dir/file', bodyOf(bytes(1)));
    expect(await driver.stat('dir')).toBeNull();
    await expect(driver.read('dir')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await driver.delete('dir');
    expect(await driver.stat('dir/file')).not.toBeNull();
  });

  it('commits by rename where the filesystem refuses hard links, still keeping an existing target', async () => {
    const refuse = jest
      .spyOn(fsPromises, 'link')
      .mockRejectedValue(Object.assign(new Error('EPERM: operation not permitted'), { code: 'EPERM' }));
    try {
      const data = bytes(300);
      await driver.append('uploads/a/data', bodyOf(data), 0);
      await driver.commit('uploads/a/data', 'blobs/x', { expectedSize: 300 });
      expect((await readFile(join(root, 'blobs/x'))).equals(data)).toBe(true);
      await driver.append('uploads/b/data', bodyOf(bytes(300)), 0);
      await driver.commit('uploads/b/data', 'blobs/x');
      expect((await readFile(join(root, 'blobs/x'))).equals(data)).toBe(true);
      expect(await driver.stat('uploads/b/data')).toBeNull();
      expect(refuse).toHaveBeenCalledTimes(2);
    } finally {
      refuse.mockRestore();
    }
  });

  it('an append whose body closes before its end fails and leaves the object as it was', async () => {
    const first = bytes(50);
    await driver.append('u/data', bodyOf(first), 0);
    const body = new PassThrough();
    const append = driver.append('u/data', body, 50);
    body.write(bytes(1000));
    setTimeout(() => body.destroy(), 20);
    await expect(append).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
    expect((await readFile(join(root, 'u/data'))).equals(first)).toBe(true);
  });

  it('removes an upload directory with files in it', async () => {
    await driver.append('uploads/c/data', bodyOf(bytes(10)), 0);
    await driver.deletePrefix('uploads/c');
    await expect(readdir(join(root, 'uploads'))).resolves.toEqual([]);
  });
});
