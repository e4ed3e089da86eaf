import { randomUUID } from 'node:crypto';
import { stat, type Dirent, type Stats } from 'node:fs';
import { link, mkdir, open, readdir, rename, rm, rmdir, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { BerthError, ErrorCode } from '@berth/errors';
import type { BlobDriver, BlobStat, ByteRange, CommitOptions, PutOptions } from './blob-driver';
import { assertValidKey, isValidKey, RESERVED_TOP_SEGMENT } from './blob-key';
import {
  assertByteCount,
  assertRangeShape,
  assertRangeWithin,
  notFound,
  offsetMismatch,
  sizeMismatch,
  storedSizeMismatch,
} from './driver-errors';
import { writeBody } from './write-body';

/** Read chunk size: large chunks cut per-chunk overhead on the blob GET hot path. */
const READ_HIGH_WATER_MARK = 1024 * 1024;

/** errno codes that mean "nothing is stored there". */
const ABSENT = new Set(['ENOENT', 'ENOTDIR']);

/** errno codes of a filesystem that refuses hard links: commit then checks and renames instead. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK']);

/** Writes the body into the open file from `position`, then closes it; the handle is closed either way. */
async function writeAllAndClose(handle: FileHandle, body: Readable, position: number): Promise<number> {
  let size: number;
  try {
    size = await writeBody(handle, body, position);
  } catch (err) {
    await handle.close();
    throw err;
  }
  await handle.close();
  return size;
}

function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

function isAbsent(err: unknown): boolean {
  return ABSENT.has(errnoCode(err) ?? '');
}

/**
 * The file's Stats, or null when no file is there. The callback `fs.stat`, not the promise one:
 * "absent" is the common answer (a HEAD before a push) and the promise API turns ENOENT into an
 * exception that costs as much again as the stat itself.
 */
function fileStat(path: string): Promise<Stats | null> {
  return new Promise((resolve, reject) => {
    stat(path, (err, st) => {
      if (!err) resolve(st.isFile() ? st : null);
      else if (isAbsent(err)) resolve(null);
      else reject(err);
    });
  });
}

/**
 * Stores each key as a file under `root` (key segments become directories). Writes of whole
 * objects go to `<root>/_tmp/<uuid>` and are renamed into place, and `commit` hard-links the source
 * to the target, so `put` and `commit` are atomic as long as `root` is one filesystem. No fsync,
 * like the reference registry's filesystem driver. Every method uses as few filesystem calls as it
 * can: each is a round trip through libuv's thread pool, and they dominate small-blob pushes.
 */
export class FilesystemBlobDriver implements BlobDriver {
  readonly name = 'filesystem';
  readonly localStat = true;
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
      const size = await writeAllAndClose(await open(tmp, 'wx'), body, 0);
      if (expectedSize !== undefined && size !== expectedSize) throw sizeMismatch(expectedSize, size);
      await this.moveInto(tmp, path);
      return { size };
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  /**
   * Without a `stat`: at offset 0 the file is created (`wx`) and only an existing one is opened
   * and measured; at any other offset the open file's size is checked. A new upload thus costs
   * mkdir, open, the writes and close.
   */
  async append(key: string, body: Readable, offset: number): Promise<{ size: number }> {
    const path = this.path(key);
    assertByteCount('offset', offset);
    const { handle, created } = await this.openForAppend(path, offset);
    let written: number;
    try {
      written = await writeBody(handle, body, offset);
    } catch (err) {
      // Leave the object exactly as it was: absent stays absent, otherwise cut back to `offset`.
      if (created) {
        await handle.close();
        await rm(path, { force: true });
      } else {
        try {
          await handle.truncate(offset);
        } finally {
          await handle.close();
        }
      }
      throw err;
    }
    await handle.close();
    return { size: offset + written };
  }

  /**
   * One `stat` of the source (existence, and `expectedSize`), then a hard link to the target,
   * which fails with EEXIST instead of replacing a blob that is already stored, and an unlink of
   * the source. Filesystems without hard links get a `stat` of the target and a rename.
   */
  async commit(fromKey: string, toKey: string, opts: CommitOptions = {}): Promise<void> {
    const from = this.path(fromKey);
    const to = this.path(toKey);
    if (fromKey === toKey) {
      throw new BerthError(ErrorCode.INVALID_ARGUMENT, 'commit needs two different keys', { key: fromKey });
    }
    const { expectedSize } = opts;
    if (expectedSize !== undefined) assertByteCount('expectedSize', expectedSize);
    const source = await fileStat(from);
    if (!source) throw notFound(fromKey);
    if (expectedSize !== undefined && source.size !== expectedSize) {
      throw storedSizeMismatch(fromKey, expectedSize, source.size);
    }
    try {
      await this.linkUnlessPresent(from, to, fromKey);
    } catch (err) {
      if (!NO_HARD_LINKS.has(errnoCode(err) ?? '')) throw err;
      if (!(await fileStat(to))) {
        await this.moveInto(from, to);
        return;
      }
    }
    await unlink(from);
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

  /** An empty directory (a committed upload's) costs one rmdir; anything else a recursive rm. */
  async deletePrefix(prefix: string): Promise<void> {
    const path = this.path(prefix);
    try {
      await rmdir(path);
      return;
    } catch (err) {
      // Nothing there, or a file: no key starts with `prefix/`.
      if (isAbsent(err)) return;
      const code = errnoCode(err);
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
    }
    await rm(path, { recursive: true, force: true });
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

  /** Opens the file to append at `offset`, creating it at offset 0; RANGE_INVALID when its size differs. */
  private async openForAppend(
    path: string,
    offset: number,
  ): Promise<{ handle: FileHandle; created: boolean }> {
    if (offset === 0) {
      await mkdir(dirname(path), { recursive: true });
      try {
        return { handle: await open(path, 'wx'), created: true };
      } catch (err) {
        if (errnoCode(err) !== 'EEXIST') throw err;
      }
    }
    let handle: FileHandle;
    try {
      handle = await open(path, 'r+');
    } catch (err) {
      if (isAbsent(err)) throw offsetMismatch(offset, 0);
      throw err;
    }
    try {
      const { size } = await handle.stat();
      if (size !== offset) throw offsetMismatch(offset, size);
    } catch (err) {
      await handle.close();
      throw err;
    }
    return { handle, created: false };
  }

  /** Links `to` to the file `from` unless `to` exists (it is then kept as it is). */
  private async linkUnlessPresent(from: string, to: string, fromKey: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await link(from, to);
        return;
      } catch (err) {
        const code = errnoCode(err);
        if (code === 'EEXIST') return;
        if (code !== 'ENOENT') throw err;
        // The target's directory is missing, or (after creating it) the source vanished.
        if (attempt > 0) throw notFound(fromKey);
        await mkdir(dirname(to), { recursive: true });
      }
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
