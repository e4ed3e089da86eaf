import type { Readable } from 'node:stream';
import type { Client } from 'minio';
import { BerthError, ErrorCode } from '@berth/errors';
import { sizeMismatch } from './driver-errors';

const MiB = 1024 * 1024;

/** S3's smallest allowed part (except the last one). */
export const MIN_PART_SIZE = 5 * MiB;
/**
 * Largest configurable first part. Bodies shorter than the first part go out as one PutObject
 * through minio's `putObject(Buffer)`, which only sends a single request up to 64 MiB.
 */
export const MAX_FIRST_PART_SIZE = 64 * MiB;
/** S3's largest allowed part. */
const MAX_PART_SIZE = 5 * 1024 * MiB;
/** S3's largest part number. */
const MAX_PARTS = 10_000;

export interface S3UploadTarget {
  client: Client;
  bucket: string;
  objectName: string;
  /** Size of the first 1,000 parts; doubles every 1,000 parts after that. */
  partSize: number;
  /** Parts uploaded at the same time; memory use is about partSize × (concurrency + 1). */
  concurrency: number;
}

/**
 * Part size for a 1-based part number. Doubling every 1,000 parts lets 10,000 parts reach S3's
 * 5 TiB object limit from a 16 MiB start without knowing the length in advance.
 */
export function partSizeFor(base: number, partNumber: number): number {
  return Math.min(base * 2 ** Math.floor((partNumber - 1) / 1000), MAX_PART_SIZE);
}

/**
 * Streams `body` into one S3 object with bounded memory and returns its length. A body that fits
 * into the first part becomes a single PutObject; anything longer becomes a multipart upload that
 * is only completed once the whole body arrived, so either way the object appears atomically.
 * On any failure the multipart upload is aborted and the error rethrown.
 *
 * We do not use minio's own `putObject` for streams: it buffers up to 528 MiB per part when the
 * length is unknown, never settles when the body stream errors, and resumes any earlier
 * multipart upload of the same object name (ListMultipartUploads), mixing concurrent writers.
 */
export async function uploadStream(
  target: S3UploadTarget,
  body: Readable,
  expectedSize?: number,
): Promise<number> {
  let chunks: Buffer[] = [];
  let buffered = 0;
  let total = 0;
  let multipart: MultipartUpload | undefined;
  try {
    for await (const chunk of body as AsyncIterable<Buffer | string>) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      total += buf.length;
      if (expectedSize !== undefined && total > expectedSize) throw sizeMismatch(expectedSize, total);
      chunks.push(buf);
      buffered += buf.length;
      if (buffered >= partSizeFor(target.partSize, multipart?.nextPartNumber ?? 1)) {
        multipart ??= await MultipartUpload.start(target);
        const part = Buffer.concat(chunks, buffered);
        chunks = [];
        buffered = 0;
        await multipart.add(part);
      }
    }
    if (expectedSize !== undefined && total !== expectedSize) throw sizeMismatch(expectedSize, total);
    const rest = Buffer.concat(chunks, buffered);
    if (!multipart) {
      await target.client.putObject(target.bucket, target.objectName, rest);
      return total;
    }
    if (rest.length > 0) await multipart.add(rest);
    await multipart.complete();
    return total;
  } catch (err) {
    if (multipart) await multipart.abort();
    throw err;
  }
}

/** One multipart upload with at most `concurrency` parts in flight. */
class MultipartUpload {
  nextPartNumber = 1;
  private readonly done: Array<{ part: number; etag: string }> = [];
  private readonly inFlight = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  private constructor(
    private readonly target: S3UploadTarget,
    private readonly uploadId: string,
  ) {}

  static async start(target: S3UploadTarget): Promise<MultipartUpload> {
    const uploadId = await target.client.initiateNewMultipartUpload(target.bucket, target.objectName, {});
    return new MultipartUpload(target, uploadId);
  }

  /** Starts uploading `data` as the next part; resolves once another part may be started. */
  async add(data: Buffer): Promise<void> {
    this.throwIfFailed();
    if (this.nextPartNumber > MAX_PARTS) {
      throw new BerthError(ErrorCode.SIZE_INVALID, `object needs more than ${MAX_PARTS} S3 parts`);
    }
    const partNumber = this.nextPartNumber++;
    const { client, bucket, objectName } = this.target;
    const upload: Promise<void> = client
      .uploadPart({ bucketName: bucket, objectName, uploadID: this.uploadId, partNumber, headers: {} }, data)
      .then(
        (res) => {
          this.done.push({ part: partNumber, etag: res.etag });
        },
        (error: unknown) => {
          this.failure ??= { error };
        },
      )
      .finally(() => this.inFlight.delete(upload));
    this.inFlight.add(upload);
    while (this.inFlight.size >= this.target.concurrency) await Promise.race(this.inFlight);
    this.throwIfFailed();
  }

  async complete(): Promise<void> {
    await Promise.all(this.inFlight);
    this.throwIfFailed();
    const parts = [...this.done].sort((a, b) => a.part - b.part);
    await this.target.client.completeMultipartUpload(
      this.target.bucket,
      this.target.objectName,
      this.uploadId,
      parts,
    );
  }

  /** Best effort: a bucket lifecycle rule for incomplete multipart uploads is the safety net. */
  async abort(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    try {
      await this.target.client.abortMultipartUpload(
        this.target.bucket,
        this.target.objectName,
        this.uploadId,
      );
    } catch {
      // Nothing was made visible; the orphaned parts only cost storage until the lifecycle rule runs.
    }
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}
