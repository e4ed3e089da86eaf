import { randomUUID } from 'node:crypto';
import { createWriteStream, type Dirent, type Stats } from 'node:fs';
import {
  lstat,
  mkdir,
  open,
  readdir,
  rename,
  rm,
  stat,
  truncate,
  unlink,
  type FileHandle,
} from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BerthError, ErrorCode } from '@berth/errors';
import type { BlobDriver, BlobStat, ByteRange, PutOptions } from './blob-driver';
import { assertValidKey, isValidKey, RESERVED_TOP_SEGMENT } from './blob-key';
import {
  assertByteCount,
  assertRangeShape,
  assertRangeWithin,
  notFound,
  offsetMismatch,
  sizeMismatch,
} from './driver-errors';

/** Read chunk size: large chunks cut per-chunk overhead on the blob GET hot path. */
const READ_HIGH_WATER_MARK = 1024 * 1024;

/** errno codes that mean "nothing is stored there". */
const ABSENT = new Set(['ENOENT', 'ENOTDIR']);

function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

function isAbsent(err: unknown): boolean {
  return ABSENT.has(errnoCode(err) ?? '');
}

async function fileStat(path: string): Promise<Stats | null> {
  try {
    const st = await stat(path);
    return st.isFile() ? st : null;
  } catch (err) {
    if (isAbsent(err)) return null;
    throw err;
  }
}

/**
 * Stores each key as a file under `root` (key segments become directories). Writes of whole
 * objects go to `<root>/_tmp/<uuid>` and are renamed into place, so `put` and `commit` are atomic
 * as long as `root` is one filesystem. No fsync, like the reference registry's filesystem driver.
 */
export class FilesystemBlobDriver implements BlobDriver {
  readonly name = 'filesystem';
  readonly root: string;
  private readonly tmpDir: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.tmpDir = join(this.root, RESERVED_TOP_SEGMENT);
  }

  async stat(key: string): Promise<BlobStat | null> {
    const st = await fileStat(this.path(key));
    return st ? { size: st.size, modifiedAt: st.mtime } : null;
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const path = this.path(key);
    if (range) assertRangeShape(range);
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (err) {
      if (isAbsent(err)) throw notFound(key);
      throw err;
    }
    try {
      // Holding the descriptor keeps the bytes readable even if the file is renamed or deleted.
      const st = await handle.stat();
      if (!st.isFile()) throw notFound(key);
      if (range) assertRangeWithin(range, st.size);
    } catch (err) {
      await handle.close();
      throw err;
    }
    return handle.createReadStream({
      start: range?.start,
      end: range?.end,
      highWaterMark: READ_HIGH_WATER_MARK,
    });
  }

  async put(key: string, body: Readable, opts: PutOptions = {}): Promise<{ size: number }> {
    const path = this.path(key);
    const { expectedSize } = opts;
    if (expectedSize !== undefined) assertByteCount('expectedSize', expectedSize);
    await mkdir(this.tmpDir, { recursive: true });
    const tmp = join(this.tmpDir, randomUUID());
    try {
      const out = createWriteStream(tmp, { flags: 'wx' });
      await pipeline(body, out);
      const size = out.bytesWritten;
      if (expectedSize !== undefined && size !== expectedSize) throw sizeMismatch(expectedSize, size);
      await this.moveInto(tmp, path);
      return { size };
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async append(key: string, body: Readable, offset: number): Promise<{ size: number }> {
    const path = this.path(key);
    assertByteCount('offset', offset);
    const current = await fileStat(path);
    let created = false;
    if (!current) {
      if (offset !== 0) throw offsetMismatch(offset, 0);
      await mkdir(dirname(path), { recursive: true });
      await (await open(path, 'wx')).close();
      created = true;
    } else if (current.size !== offset) {
      throw offsetMismatch(offset, current.size);
    }
    // A stream with its own descriptor: FileHandle streams with autoClose off never release the handle.
    const out = createWriteStream(path, { flags: 'r+', start: offset });
    try {
      await pipeline(body, out);
    } catch (err) {
      // Leave the object exactly as it was: absent stays absent, otherwise cut back to `offset`.
      if (created) await rm(path, { force: true });
      else await truncate(path, offset);
      throw err;
    }
    return { size: offset + out.bytesWritten };
  }

  async commit(fromKey: string, toKey: string): Promise<void> {
    const from = this.path(fromKey);
    const to = this.path(toKey);
    if (fromKey === toKey) {
      throw new BerthError(ErrorCode.INVALID_ARGUMENT, 'commit needs two different keys', { key: fromKey });
    }
    if (!(await fileStat(from))) throw notFound(fromKey);
    if (await fileStat(to)) {
      await this.delete(fromKey);
      return;
    }
    await this.moveInto(from, to);
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.path(key));
    } catch (err) {
      // A directory is not an object: nothing to delete under this exact key.
      if (isAbsent(err) || errnoCode(err) === 'EISDIR') return;
      throw err;
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    const path = this.path(prefix);
    let st: Stats;
    try {
      st = await lstat(path);
    } catch (err) {
      if (isAbsent(err)) return;
      throw err;
    }
    if (st.isDirectory()) await rm(path, { recursive: true, force: true });
  }

  async *list(prefix: string): AsyncIterable<string> {
    if (prefix === '') {
      yield* this.walk(this.root, '', true);
      return;
    }
    yield* this.walk(this.path(prefix), `${prefix}/`, false);
  }

  private async *walk(dir: string, keyPrefix: string, isRoot: boolean): AsyncIterable<string> {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (isAbsent(err)) return;
      throw err;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (isRoot && entry.name === RESERVED_TOP_SEGMENT) continue;
      const key = keyPrefix + entry.name;
      if (entry.isDirectory()) yield* this.walk(join(dir, entry.name), `${key}/`, false);
      else if (entry.isFile() && isValidKey(key)) yield key;
    }
  }

  /** Renames `from` over `to`, creating `to`'s directory when it is missing. */
  private async moveInto(from: string, to: string): Promise<void> {
    try {
      await rename(from, to);
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT') throw err;
      await mkdir(dirname(to), { recursive: true });
      await rename(from, to);
    }
  }

  private path(key: string): string {
    assertValidKey(key);
    return join(this.root, key);
  }
}
