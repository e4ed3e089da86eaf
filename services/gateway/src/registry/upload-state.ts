import { createHash, type Hash } from 'node:crypto';
import type { distributionV1 } from '@berth/proto';

/** The running sha256 of an upload's data, as far as this process has seen it. */
export interface UploadHash {
  hash: Hash;
  /** Bytes hashed, which equals the stored size when the state is usable. */
  size: number;
}

/** Upload hash states and sessions kept at most; the least recently used go first. */
const MAX_STATES = 10_000;

/**
 * How long a session distribution confirmed is trusted without asking again. Commit re-checks it
 * anyway; the window only bounds how long a chunk could still be appended to a session that was
 * cancelled through another replica.
 */
const SESSION_TTL_MS = 60_000;

interface KnownSession {
  session: distributionV1.UploadSession;
  validUntilMs: number;
}

/**
 * In-process state of the uploads this replica is writing: the resumable sha256 of the bytes
 * appended so far, and one lock per upload so appends to a key are serialised (the storage
 * driver requires it). A chunk that lands on another replica simply leaves this state behind:
 * its size no longer matches the stored size and the digest is recomputed from storage at commit.
 */
export class UploadStates {
  private readonly hashes = new Map<string, UploadHash>();
  private readonly locks = new Map<string, Promise<void>>();
  private readonly sessions = new Map<string, KnownSession>();

  constructor(
    private readonly maxStates = MAX_STATES,
    private readonly now: () => number = Date.now,
  ) {}

  /** A session distribution confirmed recently, for this repository. */
  knownSession(repository: string, uploadId: string): distributionV1.UploadSession | undefined {
    const known = this.sessions.get(uploadId);
    if (!known) return undefined;
    if (this.now() >= known.validUntilMs || known.session.repository !== repository) {
      this.sessions.delete(uploadId);
      return undefined;
    }
    return known.session;
  }

  rememberSession(session: distributionV1.UploadSession): void {
    this.sessions.delete(session.id);
    evictOldest(this.sessions, this.maxStates);
    this.sessions.set(session.id, { session, validUntilMs: this.now() + SESSION_TTL_MS });
  }

  get size(): number {
    return this.hashes.size;
  }

  /**
   * A copy of the hash state to continue from `offset`, or undefined when this process has not
   * hashed exactly the bytes before it. At offset 0 a fresh hash. The copy is committed with
   * `update` only if the append succeeds, so a failed append never corrupts the state.
   */
  hashFrom(uploadId: string, offset: number): Hash | undefined {
    if (offset === 0) return createHash('sha256');
    const state = this.hashes.get(uploadId);
    if (state && state.size === offset) return state.hash.copy();
    if (state) this.hashes.delete(uploadId);
    return undefined;
  }

  /** Records the hash of the first `size` bytes of the upload. */
  update(uploadId: string, hash: Hash, size: number): void {
    this.hashes.delete(uploadId);
    evictOldest(this.hashes, this.maxStates);
    this.hashes.set(uploadId, { hash, size });
  }

  /** Starts the state of an upload this process just opened: nothing stored, nothing hashed. */
  begin(uploadId: string): void {
    this.update(uploadId, createHash('sha256'), 0);
  }

  /**
   * The stored size as far as this process knows: the bytes it appended (a failed append changes
   * nothing), or undefined without state. Another replica may have appended since, so the driver's
   * offset check or the digest check must confirm it.
   */
  sizeOf(uploadId: string): number | undefined {
    return this.hashes.get(uploadId)?.size;
  }

  /** The sha256 of the first `size` bytes (hex), when this process hashed exactly those bytes. */
  sha256Hex(uploadId: string, size: number): string | undefined {
    if (size === 0) return createHash('sha256').digest('hex');
    const state = this.hashes.get(uploadId);
    return state && state.size === size ? state.hash.copy().digest('hex') : undefined;
  }

  /** Drops everything known about an upload (committed or cancelled). */
  forget(uploadId: string): void {
    this.hashes.delete(uploadId);
    this.sessions.delete(uploadId);
  }

  /** Runs `fn` once every earlier operation on the same upload has finished. */
  async exclusive<T>(uploadId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(uploadId) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    this.locks.set(uploadId, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.locks.get(uploadId) === tail) this.locks.delete(uploadId);
    }
  }
}

function evictOldest(map: Map<string, unknown>, max: number): void {
  while (map.size >= max) {
    const oldest = map.keys().next();
    if (oldest.done) return;
    map.delete(oldest.value);
  }
}
