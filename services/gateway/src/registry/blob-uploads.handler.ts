import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, type Hash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { finished, Transform, type TransformCallback } from 'node:stream';
import { RESOURCE_REPOSITORY } from '@berth/auth-client';
import { DISTRIBUTION_CLIENT, type DistributionClient } from '@berth/distribution-client';
import { BerthError, ErrorCode } from '@berth/errors';
import {
  formatUploadRange,
  isRepositoryName,
  parseContentRange,
  parseDigest,
  validateChunkRange,
  type Digest,
} from '@berth/oci';
import type { distributionV1 } from '@berth/proto';
import type { BlobDriver } from '@berth/storage';
import { isGranted } from '../auth/principal';
import { BlobDescriptorCache } from '../cache/blob-descriptor-cache';
import { blobLocation, uploadLocation, type RepositoryContext } from '../http/registry-context';
import { contentLengthOf, hasBody } from '../http/request-body';
import { BLOB_DRIVER } from '../storage/blob-storage.module';
import { UploadStates } from './upload-state';

type Session = distributionV1.UploadSession;

/**
 * Blob uploads (`/v2/<name>/blobs/uploads/…`): monolithic, single POST, chunked, streamed,
 * resumable, cross-repository mount. Distribution owns the sessions; the bytes go from the
 * request straight to the session's storage key, hashed as they pass, and never cross gRPC.
 */
@Injectable()
export class BlobUploadsHandler {
  private readonly logger = new Logger(BlobUploadsHandler.name);

  constructor(
    @Inject(DISTRIBUTION_CLIENT) private readonly distribution: DistributionClient,
    @Inject(BLOB_DRIVER) private readonly driver: BlobDriver,
    private readonly states: UploadStates,
    private readonly blobs: BlobDescriptorCache,
  ) {}

  /** POST /v2/<name>/blobs/uploads/[?digest=|?mount=&from=] */
  async start(ctx: RepositoryContext): Promise<void> {
    const { name } = ctx.params;
    const mount = ctx.query.get('mount');
    if (mount !== null && (await this.tryMount(ctx, parseDigest(mount)))) return;

    const digestParam = ctx.query.get('digest');
    const digest = digestParam === null ? undefined : parseDigest(digestParam);
    const session = requireSession((await this.distribution.startUpload({ repository: name })).session);
    this.states.rememberSession(session);
    if (digest === undefined) {
      this.states.begin(session.id);
      this.sendUploadProgress(ctx, 202, session, 0);
      return;
    }
    try {
      await this.states.exclusive(session.id, async () => {
        const size = hasBody(ctx.req.raw) ? await this.append(ctx.req.raw, session, 0) : 0;
        await this.finish(ctx, session, digest, size);
      });
    } catch (err) {
      await this.discard(name, session.id);
      throw err;
    }
  }

  /** GET /v2/<name>/blobs/uploads/<id>: 204 with the Range received so far. */
  async status(ctx: RepositoryContext): Promise<void> {
    const session = await this.session(ctx, true);
    this.sendUploadProgress(ctx, 204, session, await this.storedSize(session));
  }

  /** PATCH /v2/<name>/blobs/uploads/<id>: a chunk (Content-Range) or the whole stream (docker). */
  async patch(ctx: RepositoryContext): Promise<void> {
    const session = await this.session(ctx);
    await this.states.exclusive(session.id, async () => {
      const size = await this.appendChunk(ctx, session);
      this.sendUploadProgress(ctx, 202, session, size);
    });
  }

  /** PUT /v2/<name>/blobs/uploads/<id>?digest=: optional last chunk, verify, commit. */
  async put(ctx: RepositoryContext): Promise<void> {
    const digestParam = ctx.query.get('digest');
    if (digestParam === null || digestParam === '') {
      throw new BerthError(
        ErrorCode.DIGEST_INVALID,
        'the digest query parameter is required to complete an upload',
      );
    }
    const digest = parseDigest(digestParam);
    const session = await this.session(ctx);
    await this.states.exclusive(session.id, async () => {
      if (hasBody(ctx.req.raw)) await this.finish(ctx, session, digest, await this.appendChunk(ctx, session));
      else await this.finishStored(ctx, session, digest);
    });
  }

  /** DELETE /v2/<name>/blobs/uploads/<id>: 204. */
  async cancel(ctx: RepositoryContext): Promise<void> {
    const { name, uploadId } = ctx.params;
    try {
      await this.distribution.cancelUpload({ repository: name, uploadId: uploadId as string });
    } finally {
      this.states.forget(uploadId as string);
    }
    ctx.reply.code(204).send();
  }

  private async tryMount(ctx: RepositoryContext, digest: Digest): Promise<boolean> {
    const { name } = ctx.params;
    const from = ctx.query.get('from');
    // Without `from` the client only hopes the blob exists somewhere; mounting "from anywhere"
    // would let anyone who knows a digest read another tenant's blob, so start an upload instead.
    if (from === null || !isRepositoryName(from)) return false;
    if (from !== name && !isGranted(ctx.principal, RESOURCE_REPOSITORY, from, 'pull')) return false;
    const result = await this.distribution.mountBlob({ repository: name, digest: digest.value, from });
    if (!result.mounted) return false;
    // The client's next request is the HEAD of this blob: answer it from memory.
    if (result.blob) this.blobs.remember(name, result.blob);
    sendBlobCreated(ctx, name, digest.value);
    return true;
  }

  /**
   * Appends the request's chunk at the end of the upload's data; returns the new size. The end is
   * the size this replica last appended when it still has the upload's state, which saves a stat.
   * Another replica may have appended since: the chunk is then refused (Content-Range, or the
   * driver's offset check) before any of its bytes is read, and is tried again at the stored size,
   * exactly as it would have been without the state.
   */
  private async appendChunk(ctx: RepositoryContext, session: Session): Promise<number> {
    const body = ctx.req.raw;
    const known = this.states.sizeOf(session.id);
    const start = this.chunkStart(ctx);
    if (known !== undefined && (start === undefined || start === known)) {
      try {
        return await this.appendAt(ctx, session, known);
      } catch (err) {
        const refused =
          BerthError.is(err, ErrorCode.RANGE_INVALID) || BerthError.is(err, ErrorCode.SIZE_INVALID);
        if (!refused || !isUnread(body)) throw err;
      }
    }
    return this.appendAt(ctx, session, await this.storedSize(session));
  }

  private async appendAt(ctx: RepositoryContext, session: Session, offset: number): Promise<number> {
    const expected = this.checkChunk(ctx, session, offset);
    return this.append(ctx.req.raw, session, offset, expected);
  }

  /**
   * Commits the data already stored. Its size is the one this replica appended when it still has
   * the state; a digest or size refusal is confirmed against storage, in case another replica
   * appended since, and the commit is then retried at the stored size.
   */
  private async finishStored(ctx: RepositoryContext, session: Session, digest: Digest): Promise<void> {
    const known = this.states.sizeOf(session.id);
    if (known === undefined) {
      await this.finish(ctx, session, digest, await this.storedSize(session));
      return;
    }
    try {
      await this.finish(ctx, session, digest, known);
    } catch (err) {
      if (!BerthError.is(err, ErrorCode.DIGEST_INVALID) && !BerthError.is(err, ErrorCode.SIZE_INVALID))
        throw err;
      const stored = await this.storedSize(session);
      if (stored === known) throw err;
      await this.finish(ctx, session, digest, stored);
    }
  }

  /** Where the chunk says it starts: its Content-Range, else wherever the upload ends (undefined). */
  private chunkStart(ctx: RepositoryContext): number | undefined {
    const header = ctx.req.headers['content-range'];
    return header === undefined ? undefined : parseContentRange(header).start;
  }

  /**
   * Validates a chunk's Content-Range against the stored size (416 with the current Range when it
   * does not continue the upload) and returns the number of bytes the chunk must have.
   */
  private checkChunk(ctx: RepositoryContext, session: Session, stored: number): number | undefined {
    const contentLength = contentLengthOf(ctx.req.raw);
    const header = ctx.req.headers['content-range'];
    if (header === undefined) return contentLength;
    const range = parseContentRange(header);
    if (range.start !== stored) this.setProgressHeaders(ctx, session, stored);
    validateChunkRange(range, stored, contentLength);
    return range.end - range.start + 1;
  }

  /** Streams the request body to the session's data at `offset`, hashing it; returns the new size. */
  private async append(
    body: IncomingMessage,
    session: Session,
    offset: number,
    expected?: number,
  ): Promise<number> {
    const hash = this.states.hashFrom(session.id, offset);
    const meter = new MeteredHash(body, hash, expected);
    const { size } = await this.driver.append(session.storageKey, meter, offset);
    if (hash) this.states.update(session.id, hash, size);
    return size;
  }

  /** Verifies the digest of the session's data and commits it as a blob: 201. */
  private async finish(
    ctx: RepositoryContext,
    session: Session,
    digest: Digest,
    size: number,
  ): Promise<void> {
    const { name } = ctx.params;
    const actual = await this.digestOf(session, digest.algorithm, size);
    if (actual !== digest.value) {
      throw new BerthError(
        ErrorCode.DIGEST_INVALID,
        `the uploaded content has digest ${actual}, not ${digest.value}`,
        {
          expected: digest.value,
          actual,
        },
      );
    }
    try {
      const { blob } = await this.distribution.commitUpload({
        repository: name,
        uploadId: session.id,
        digest: digest.value,
        size,
      });
      // The client's next request is the HEAD of this blob: answer it from memory.
      if (blob) this.blobs.remember(name, blob);
    } catch (err) {
      if (BerthError.is(err, ErrorCode.BLOB_UPLOAD_UNKNOWN)) this.states.forget(session.id);
      throw err;
    }
    this.states.forget(session.id);
    sendBlobCreated(ctx, name, digest.value);
  }

  /** The digest of the stored data: from the running hash when it covers it, else re-read from storage. */
  private async digestOf(session: Session, algorithm: Digest['algorithm'], size: number): Promise<string> {
    if (algorithm === 'sha256') {
      const hex = this.states.sha256Hex(session.id, size);
      if (hex !== undefined) return `sha256:${hex}`;
    }
    const hash = createHash(algorithm);
    if (size > 0) {
      const stream = await this.driver.read(session.storageKey);
      for await (const chunk of stream) hash.update(chunk as Buffer);
    }
    return `${algorithm}:${hash.digest('hex')}`;
  }

  /**
   * The upload's session: remembered from StartUpload/GetUpload on this replica for a short while
   * (a chunked push makes several requests), or asked of distribution (`fresh`, or not known).
   */
  private async session(ctx: RepositoryContext, fresh = false): Promise<Session> {
    const { name } = ctx.params;
    const uploadId = ctx.params.uploadId as string;
    const known = fresh ? undefined : this.states.knownSession(name, uploadId);
    if (known) return known;
    const session = requireSession(
      (await this.distribution.getUpload({ repository: name, uploadId })).session,
    );
    this.states.rememberSession(session);
    return session;
  }

  private async storedSize(session: Session): Promise<number> {
    return (await this.driver.stat(session.storageKey))?.size ?? 0;
  }

  private setProgressHeaders(ctx: RepositoryContext, session: Session, size: number): void {
    ctx.reply
      .header('location', uploadLocation(ctx.params.name, session.id))
      .header('range', formatUploadRange(size))
      .header('docker-upload-uuid', session.id);
  }

  private sendUploadProgress(
    ctx: RepositoryContext,
    status: 202 | 204,
    session: Session,
    size: number,
  ): void {
    this.setProgressHeaders(ctx, session, size);
    ctx.reply.code(status).header('content-length', '0').send();
  }

  /** Best-effort cleanup of a single-POST session that failed. */
  private async discard(repository: string, uploadId: string): Promise<void> {
    this.states.forget(uploadId);
    try {
      await this.distribution.cancelUpload({ repository, uploadId });
    } catch (err) {
      this.logger.warn(`could not cancel failed upload ${uploadId}: ${(err as Error).message}`);
    }
  }
}

/** 201 for a blob now readable in `name` (upload finished, or mounted). */
function sendBlobCreated(ctx: RepositoryContext, name: string, digest: string): void {
  ctx.reply
    .code(201)
    .header('location', blobLocation(name, digest))
    .header('docker-content-digest', digest)
    .header('content-length', '0')
    .send();
}

/** Whether nothing has read or started reading the request body yet. */
function isUnread(body: IncomingMessage): boolean {
  return body.readableFlowing === null && !body.readableDidRead;
}

function requireSession(session: Session | undefined): Session {
  if (!session) throw new BerthError(ErrorCode.UNKNOWN, 'distribution answered without an upload session');
  return session;
}

/**
 * Passes the body through, feeding the upload's hash and counting bytes; fails with SIZE_INVALID
 * when the body is longer or shorter than `expected` (Content-Length or Content-Range), so the
 * driver's append fails and stores nothing of it. The body starts flowing only when storage first
 * reads, so an append the driver refuses up front (offset) leaves the body unread.
 */
class MeteredHash extends Transform {
  private count = 0;
  private source: IncomingMessage | undefined;
  private piped: IncomingMessage | undefined;

  constructor(
    source: IncomingMessage,
    private readonly hash: Hash | undefined,
    private readonly expected: number | undefined,
  ) {
    super({ highWaterMark: 1024 * 1024 });
    this.source = source;
  }

  /**
   * Starts the body on the first read. `pipe` plus `finished` rather than `pipeline`: the same
   * error handling both ways, without the AbortController and DOMException (with its stack trace)
   * that `pipeline` creates on every finish, which showed up on the small-layer push profile.
   */
  override _read(size: number): void {
    const source = this.source;
    if (source) {
      this.source = undefined;
      this.piped = source;
      finished(source, (err) => {
        if (err) this.destroy(err);
      });
      source.pipe(this);
    }
    super._read(size);
  }

  /** Like `pipeline`: a body this stream stops reading half-way is destroyed too. */
  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    const source = this.piped;
    if (source && !source.readableEnded && !source.destroyed) source.destroy();
    callback(err);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.count += chunk.length;
    if (this.expected !== undefined && this.count > this.expected) {
      callback(sizeMismatch(this.expected, this.count));
      return;
    }
    this.hash?.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.expected !== undefined && this.count !== this.expected)
      callback(sizeMismatch(this.expected, this.count));
    else callback();
  }
}

function sizeMismatch(expected: number, actual: number): BerthError {
  const problem = actual > expected ? 'longer than' : `${actual} bytes, shorter than`;
  return new BerthError(ErrorCode.SIZE_INVALID, `the body is ${problem} the ${expected} bytes announced`, {
    expected,
  });
}
