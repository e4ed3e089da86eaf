import type { Readable } from 'node:stream';

/** What `stat` reports about a stored object. */
export interface BlobStat {
  /** Bytes; for an in-progress upload, the sum of everything appended so far. */
  size: number;
  modifiedAt: Date;
}

/** A byte range; both ends inclusive, as in HTTP `Range: bytes=start-end`. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface PutOptions {
  /** When given, a body of any other length fails with SIZE_INVALID and stores nothing. */
  expectedSize?: number;
}

export interface CommitOptions {
  /**
   * The size the caller knows the source has (e.g. the bytes it hashed). When given, a source of
   * any other size fails with SIZE_INVALID (detail `{ expected, actual }`) and nothing changes, so
   * the caller needs no `stat` of its own before committing.
   */
  expectedSize?: number;
}

/**
 * The blob storage port. Keys are '/'-separated relative paths such as
 * `blobs/sha256/ab/abcdef…` or `uploads/<uuid>/data` (see `assertValidKey` for the grammar).
 * Every driver passes `describeBlobDriver` (src/testing/blob-driver.suite.ts).
 *
 * Errors: invalid keys, offsets and ranges are `BerthError`s (INVALID_ARGUMENT, RANGE_INVALID,
 * SIZE_INVALID, NOT_FOUND). A failing body stream rejects with the body's own error. Backend I/O
 * errors (disk, network, S3) propagate unchanged.
 */
export interface BlobDriver {
  /** 'filesystem' | 's3'. */
  readonly name: string;

  /**
   * True when `stat` is a local system call (filesystem), cheaper than any network round trip, so
   * a caller may look at storage first (e.g. to answer "no such blob" without a remote lookup).
   * False when `stat` is itself a network request (S3).
   */
  readonly localStat: boolean;

  /** Size and modification time, or null when nothing is stored under the key. */
  stat(key: string): Promise<BlobStat | null>;

  /**
   * Streams the object, or the inclusive `range` of it. Rejects before streaming: NOT_FOUND when
   * absent, RANGE_INVALID (detail `{ size }`) unless 0 <= start <= end < size.
   */
  read(key: string, range?: ByteRange): Promise<Readable>;

  /**
   * Stores `body` under the key, replacing any previous object. Atomic: readers see the old object
   * or the whole new one, never a partial one; a failed body leaves the previous state.
   */
  put(key: string, body: Readable, opts?: PutOptions): Promise<{ size: number }>;

  /**
   * Appends `body` to the object (creating it at offset 0) and returns the new total size.
   * `offset` must equal the current size, else RANGE_INVALID with detail `{ size }` and the body
   * is left unconsumed. A failed body leaves the object exactly as it was (absent stays absent).
   * Appends to one key must be serialised by the caller (the upload session owner).
   */
  append(key: string, body: Readable, offset: number): Promise<{ size: number }>;

  /**
   * Makes the object at `fromKey` (appended or put) visible under `toKey` atomically and removes
   * `fromKey`. When `toKey` already exists (content-addressed dedup) only `fromKey` is removed.
   * NOT_FOUND when `fromKey` is absent; SIZE_INVALID when `opts.expectedSize` is not its size.
   */
  commit(fromKey: string, toKey: string, opts?: CommitOptions): Promise<void>;

  /** Removes the object; succeeds when it is absent. */
  delete(key: string): Promise<void>;

  /** Removes every object whose key starts with `prefix + '/'` (an upload's directory). */
  deletePrefix(prefix: string): Promise<void>;

  /**
   * Every key under `prefix + '/'` ('' lists everything), each once, in no particular order.
   * In-progress appended objects are listed under their own key.
   */
  list(prefix: string): AsyncIterable<string>;

  /**
   * A URL that serves the object without credentials for `expirySeconds`. Only drivers that can
   * (S3) implement it. No existence check: presign only objects known to exist (committed blobs).
   */
  presignGet?(key: string, expirySeconds: number): Promise<string>;
}
