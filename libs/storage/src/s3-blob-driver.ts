import type { Agent, IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { Client } from 'minio';
import { BerthError, ErrorCode } from '@berth/errors';
import type { BlobDriver, BlobStat, ByteRange, CommitOptions, PutOptions } from './blob-driver';
import { assertValidKey } from './blob-key';
import {
  assertByteCount,
  assertRangeShape,
  assertRangeWithin,
  notFound,
  offsetMismatch,
  rangeNotSatisfiable,
  storedSizeMismatch,
} from './driver-errors';
import { keyOfObjectName, listPartsOf, partObjectName, partsPrefixOf, type StoredPart } from './s3-parts';
import { MAX_FIRST_PART_SIZE, MIN_PART_SIZE, uploadStream } from './s3-stream-upload';

const MiB = 1024 * 1024;
/** S3's CopyObject limit. */
const COPY_OBJECT_LIMIT = 5 * 1024 * MiB;
/** SigV4 presigned URLs live at most 7 days. */
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;
/** S3's DeleteObjects batch limit. */
const DELETE_BATCH = 1000;

export interface S3BlobDriverOptions {
  endPoint: string;
  port?: number;
  useSSL?: boolean;
  accessKey: string;
  secretKey: string;
  sessionToken?: string;
  bucket: string;
  /** Defaults to us-east-1; set it so the client never has to look the bucket's region up. */
  region?: string;
  /** Path-style addressing (MinIO, s3rver); leave unset for AWS virtual-hosted style. */
  pathStyle?: boolean;
  /** Directory inside the bucket that holds every key, e.g. 'registry'. */
  prefix?: string;
  /** First multipart part size in bytes: 5 to 64 MiB, default 16 MiB; doubles every 1,000 parts. */
  partSize?: number;
  /** Parts uploaded in parallel per write; default 2. */
  uploadConcurrency?: number;
  /** Largest object committed with one server-side CopyObject; default (and S3's maximum) 5 GiB. */
  copyObjectLimit?: number;
  /** Base URL clients reach the store at (e.g. https://s3.example.com), when it differs from endPoint. */
  publicUrl?: string;
  /** HTTP(S) agent for S3 requests (connection pooling, proxies, custom CAs). */
  transportAgent?: Agent;
}

/** Where a key's bytes live: one plain object, or the parts of an appended object. */
type Located =
  | { kind: 'plain'; objectName: string; size: number; modifiedAt: Date }
  | { kind: 'parts'; parts: StoredPart[]; size: number; modifiedAt: Date };

function s3Code(err: unknown): string | undefined {
  return (err as { code?: unknown } | undefined)?.code as string | undefined;
}

function isNotFound(err: unknown): boolean {
  const code = s3Code(err);
  return code === 'NotFound' || code === 'NoSuchKey';
}

/** The bytes a ranged GET's reply holds: its Content-Range, or the whole object for a plain 200. */
function replyRange(headers: IncomingHttpHeaders | undefined): { start: number; end: number; total: number } {
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(headers?.['content-range'] ?? '');
  if (match) return { start: Number(match[1]), end: Number(match[2]), total: Number(match[3]) };
  const total = Number(headers?.['content-length'] ?? 0);
  return { start: 0, end: total - 1, total };
}

/** Skips `skip` bytes of `source`, then yields `take` bytes and stops (destroying `source`). */
async function* slice(source: Readable, skip: number, take: number): AsyncGenerator<Buffer> {
  let toSkip = skip;
  let toTake = take;
  for await (const chunk of source) {
    let buf = chunk as Buffer;
    if (toSkip >= buf.length) {
      toSkip -= buf.length;
      continue;
    }
    buf = buf.subarray(toSkip);
    toSkip = 0;
    if (buf.length >= toTake) {
      yield buf.subarray(0, toTake);
      return;
    }
    toTake -= buf.length;
    yield buf;
  }
  throw new BerthError(ErrorCode.UNAVAILABLE, 'S3 ended a ranged GET early');
}

/**
 * S3 (AWS, MinIO, any S3 API) through the `minio` client. A `put` key is one object. S3 cannot
 * append, so `append` stores each appended body as its own object `<key>.parts/<offset, 16 digits>`;
 * `stat` and `read` of such a key combine the parts, and `commit` turns them into one object
 * (a server-side CopyObject for a single part up to `copyObjectLimit`, otherwise one streamed
 * upload of the concatenation). A plain object always wins over parts under the same key.
 */
export class S3BlobDriver implements BlobDriver {
  readonly name = 's3';
  readonly localStat = false;
  private readonly client: Client;
  private readonly presignClient: Client;
  private readonly bucket: string;
  private readonly region: string;
  private readonly root: string;
  private readonly partSize: number;
  private readonly concurrency: number;
  private readonly copyObjectLimit: number;

  constructor(options: S3BlobDriverOptions) {
    this.bucket = options.bucket;
    this.region = options.region ?? 'us-east-1';
    this.root = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
    if (this.root !== '') assertValidKey(this.root);
    this.partSize = options.partSize ?? 16 * MiB;
    if (!(this.partSize >= MIN_PART_SIZE && this.partSize <= MAX_FIRST_PART_SIZE)) {
      throw new BerthError(
        ErrorCode.INVALID_ARGUMENT,
        `S3 partSize must be between ${MIN_PART_SIZE} and ${MAX_FIRST_PART_SIZE} bytes`,
      );
    }
    this.concurrency = Math.max(1, options.uploadConcurrency ?? 2);
    this.copyObjectLimit = Math.min(options.copyObjectLimit ?? COPY_OBJECT_LIMIT, COPY_OBJECT_LIMIT);
    const credentials = {
      accessKey: options.accessKey,
      secretKey: options.secretKey,
      sessionToken: options.sessionToken,
      region: this.region,
      pathStyle: options.pathStyle,
      transportAgent: options.transportAgent,
    };
    this.client = new Client({
      endPoint: options.endPoint,
      port: options.port,
      useSSL: options.useSSL,
      ...credentials,
    });
    this.presignClient = options.publicUrl
      ? S3BlobDriver.clientFor(options.publicUrl, credentials)
      : this.client;
  }

  /** Creates the bucket when it does not exist yet (development setups; production provisions it). */
  async ensureBucket(): Promise<void> {
    if (!(await this.client.bucketExists(this.bucket))) {
      await this.client.makeBucket(this.bucket, this.region);
    }
  }

  async stat(key: string): Promise<BlobStat | null> {
    const found = await this.locate(this.objectName(key));
    return found ? { size: found.size, modifiedAt: found.modifiedAt } : null;
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const objectName = this.objectName(key);
    if (range) assertRangeShape(range);
    // Committed blobs are plain objects: one GET, no listing, on the hot path.
    try {
      return range
        ? await this.readPlainRange(objectName, range)
        : await this.client.getObject(this.bucket, objectName);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const parts = await listPartsOf(this.client, this.bucket, objectName);
    if (parts.length === 0) throw notFound(key);
    if (range) assertRangeWithin(range, sizeOfParts(parts));
    return this.readParts(parts, range);
  }

  async put(key: string, body: Readable, opts: PutOptions = {}): Promise<{ size: number }> {
    const objectName = this.objectName(key);
    if (opts.expectedSize !== undefined) assertByteCount('expectedSize', opts.expectedSize);
    const size = await this.upload(objectName, body, opts.expectedSize);
    // The new plain object already hides any parts left under this key; drop them.
    await this.removeParts(objectName);
    return { size };
  }

  async append(key: string, body: Readable, offset: number): Promise<{ size: number }> {
    const objectName = this.objectName(key);
    assertByteCount('offset', offset);
    const found = await this.locate(objectName);
    const size = found?.size ?? 0;
    if (offset !== size) throw offsetMismatch(offset, size);
    if (found?.kind === 'plain') {
      // Appending to a put object: it becomes the part at offset 0.
      await this.removeParts(objectName);
      await this.assemble(
        [{ objectName, offset: 0, size, modifiedAt: found.modifiedAt }],
        partObjectName(objectName, 0),
      );
      await this.client.removeObject(this.bucket, objectName);
    }
    const written = await this.upload(partObjectName(objectName, offset), body);
    return { size: offset + written };
  }

  async commit(fromKey: string, toKey: string, opts: CommitOptions = {}): Promise<void> {
    const from = this.objectName(fromKey);
    const to = this.objectName(toKey);
    if (fromKey === toKey) {
      throw new BerthError(ErrorCode.INVALID_ARGUMENT, 'commit needs two different keys', { key: fromKey });
    }
    const { expectedSize } = opts;
    if (expectedSize !== undefined) assertByteCount('expectedSize', expectedSize);
    const source = await this.locate(from);
    if (!source) throw notFound(fromKey);
    if (expectedSize !== undefined && source.size !== expectedSize)
      throw storedSizeMismatch(fromKey, expectedSize, source.size);
    if (!(await this.locate(to))) {
      const parts =
        source.kind === 'parts'
          ? source.parts
          : [{ objectName: source.objectName, offset: 0, size: source.size, modifiedAt: source.modifiedAt }];
      await this.assemble(parts, to);
    }
    await this.removeEverything(from);
  }

  async delete(key: string): Promise<void> {
    await this.removeEverything(this.objectName(key));
  }

  async deletePrefix(prefix: string): Promise<void> {
    await this.removeObjects(await this.objectNamesUnder(`${this.objectName(prefix)}/`));
  }

  async *list(prefix: string): AsyncIterable<string> {
    const listPrefix =
      prefix === '' ? (this.root === '' ? '' : `${this.root}/`) : `${this.objectName(prefix)}/`;
    let previous: string | undefined;
    for await (const item of this.client.listObjectsV2(this.bucket, listPrefix, true)) {
      const name = (item as { name?: string }).name;
      const key = name === undefined ? undefined : keyOfObjectName(this.root, name);
      // Parts of one appended object sort next to each other, so one look-back deduplicates them.
      if (key === undefined || key === previous) continue;
      previous = key;
      yield key;
    }
  }

  async presignGet(key: string, expirySeconds: number): Promise<string> {
    if (!Number.isSafeInteger(expirySeconds) || expirySeconds < 1 || expirySeconds > MAX_PRESIGN_SECONDS) {
      throw new BerthError(
        ErrorCode.INVALID_ARGUMENT,
        `presigned URLs expire after 1 to ${MAX_PRESIGN_SECONDS} seconds`,
        { expirySeconds },
      );
    }
    return this.presignClient.presignedGetObject(this.bucket, this.objectName(key), expirySeconds);
  }

  private async locate(objectName: string): Promise<Located | null> {
    try {
      const st = await this.client.statObject(this.bucket, objectName);
      return { kind: 'plain', objectName, size: st.size, modifiedAt: st.lastModified };
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const parts = await listPartsOf(this.client, this.bucket, objectName);
    if (parts.length === 0) return null;
    const modifiedAt = new Date(parts.reduce((latest, p) => Math.max(latest, p.modifiedAt.getTime()), 0));
    return { kind: 'parts', parts, size: sizeOfParts(parts), modifiedAt };
  }

  /** One ranged GET of a plain object; RANGE_INVALID when the range does not fit. */
  private async readPlainRange(objectName: string, range: ByteRange): Promise<Readable> {
    try {
      return await this.getRange(objectName, range);
    } catch (err) {
      if (s3Code(err) !== 'InvalidRange') throw err;
      const st = await this.client.statObject(this.bucket, objectName);
      throw rangeNotSatisfiable(range, st.size);
    }
  }

  /**
   * GETs exactly the bytes of `range`, checked against the reply's Content-Range: S3 clamps an
   * end past the object (we reject that), and some S3 implementations widen ranges (s3rver
   * answers `bytes=0-0` with the whole object), which we cut back down.
   */
  private async getRange(objectName: string, range: ByteRange): Promise<Readable> {
    const length = range.end - range.start + 1;
    const res = await this.client.getPartialObject(this.bucket, objectName, range.start, length);
    const reply = replyRange((res as Readable & { headers?: IncomingHttpHeaders }).headers);
    if (range.end >= reply.total) {
      res.destroy();
      throw rangeNotSatisfiable(range, reply.total);
    }
    if (reply.start === range.start && reply.end === range.end) return res;
    if (reply.start > range.start || reply.end < range.end) {
      res.destroy();
      throw new BerthError(
        ErrorCode.UNAVAILABLE,
        `S3 returned bytes ${reply.start}-${reply.end} for a request of ${range.start}-${range.end}`,
      );
    }
    return Readable.from(slice(res, range.start - reply.start, length), { objectMode: false });
  }

  /** Streams the parts (or the inclusive range of their concatenation), fetching one at a time. */
  private readParts(parts: StoredPart[], range?: ByteRange): Readable {
    const getRange = (objectName: string, partRange: ByteRange) => this.getRange(objectName, partRange);
    const start = range?.start ?? 0;
    const end = range?.end ?? sizeOfParts(parts) - 1;
    async function* chunks(): AsyncGenerator<Buffer> {
      for (const part of parts) {
        const from = Math.max(start, part.offset);
        const to = Math.min(end, part.offset + part.size - 1);
        if (from > to) continue;
        yield* await getRange(part.objectName, { start: from - part.offset, end: to - part.offset });
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  /** Makes the concatenation of `parts` the object `target`. */
  private async assemble(parts: StoredPart[], target: string): Promise<void> {
    const nonEmpty = parts.filter((p) => p.size > 0);
    const size = sizeOfParts(parts);
    if (nonEmpty.length <= 1 && size <= this.copyObjectLimit) {
      // Server-side: no bytes travel through this process.
      const source = nonEmpty[0] ?? parts[0];
      await this.client.copyObject(this.bucket, target, `/${this.bucket}/${source.objectName}`);
      return;
    }
    // Several parts (or one beyond CopyObject's limit): stream them back in as one upload.
    // minio's composeObject (UploadPartCopy) is not used: in minio 8 it copies every range of a
    // source split into one part number and reports success after aborting on errors.
    await this.upload(target, this.readParts(parts), size);
  }

  private upload(objectName: string, body: Readable, expectedSize?: number): Promise<number> {
    const target = {
      client: this.client,
      bucket: this.bucket,
      objectName,
      partSize: this.partSize,
      concurrency: this.concurrency,
    };
    return uploadStream(target, body, expectedSize);
  }

  private async removeEverything(objectName: string): Promise<void> {
    await this.client.removeObject(this.bucket, objectName);
    await this.removeParts(objectName);
  }

  private async removeParts(objectName: string): Promise<void> {
    await this.removeObjects(await this.objectNamesUnder(partsPrefixOf(objectName)));
  }

  private async objectNamesUnder(prefix: string): Promise<string[]> {
    const names: string[] = [];
    for await (const item of this.client.listObjectsV2(this.bucket, prefix, true)) {
      const name = (item as { name?: string }).name;
      if (name) names.push(name);
    }
    return names;
  }

  private async removeObjects(names: string[]): Promise<void> {
    for (let i = 0; i < names.length; i += DELETE_BATCH) {
      const failed = (await this.client.removeObjects(
        this.bucket,
        names.slice(i, i + DELETE_BATCH),
      )) as unknown[];
      if (failed.length > 0) {
        throw new BerthError(ErrorCode.UNAVAILABLE, `S3 refused to delete ${failed.length} objects`, {
          first: failed[0],
        });
      }
    }
  }

  private objectName(key: string): string {
    assertValidKey(key);
    return this.root === '' ? key : `${this.root}/${key}`;
  }

  private static clientFor(
    publicUrl: string,
    credentials: Omit<ConstructorParameters<typeof Client>[0], 'endPoint'>,
  ): Client {
    const url = new URL(publicUrl);
    const useSSL = url.protocol === 'https:';
    const port = url.port ? Number(url.port) : useSSL ? 443 : 80;
    return new Client({ ...credentials, endPoint: url.hostname, port, useSSL });
  }
}

function sizeOfParts(parts: StoredPart[]): number {
  const last = parts[parts.length - 1];
  return last ? last.offset + last.size : 0;
}
