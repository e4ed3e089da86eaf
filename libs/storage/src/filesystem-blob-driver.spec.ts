import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
});
