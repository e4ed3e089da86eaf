import { Inject, Injectable } from '@nestjs/common';
import { DISTRIBUTION_CLIENT, type DistributionClient } from '@berth/distribution-client';
import { BerthError, ErrorCode } from '@berth/errors';
import {
  formatContentRange,
  formatUnsatisfiedRange,
  parseDigest,
  parseRangeHeader,
  type ByteRange,
} from '@berth/oci';
import type { distributionV1 } from '@berth/proto';
import { blobKey, type BlobDriver } from '@berth/storage';
import { BlobDescriptorCache } from '../cache/blob-descriptor-cache';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import type { RepositoryContext } from '../http/registry-context';
import { BLOB_DRIVER } from '../storage/blob-storage.module';
import { sendBlobBody } from './blob-body';

/**
 * Blobs (`/v2/<name>/blobs/<digest>`): GET streams the bytes from the storage driver (with Range),
 * HEAD answers the size, DELETE unlinks the blob from the repository. Whether the repository may
 * read the blob is distribution's answer (StatBlob), kept for a few seconds by the
 * BlobDescriptorCache (positive answers only; see its staleness bound).
 */
@Injectable()
export class BlobsHandler {
  constructor(
    @Inject(DISTRIBUTION_CLIENT) private readonly distribution: DistributionClient,
    @Inject(BLOB_DRIVER) private readonly driver: BlobDriver,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly blobs: BlobDescriptorCache,
  ) {}

  /** GET and HEAD. */
  async get(ctx: RepositoryContext): Promise<void> {
    const { reply } = ctx;
    const blob = await this.stat(ctx);
    reply
      .header('docker-content-digest', blob.digest)
      .header('etag', `"${blob.digest}"`)
      .header('accept-ranges', 'bytes')
      .header('cache-control', 'max-age=31536000')
      .header('content-type', 'application/octet-stream');
    if (ctx.method === 'HEAD') {
      reply.code(200).header('content-length', String(blob.size)).send();
      return;
    }
    const rangeHeader = ctx.req.headers.range;
    let range: ByteRange | undefined;
    if (rangeHeader !== undefined) {
      const parsed = parseRangeHeader(rangeHeader, blob.size);
      if (parsed === null) {
        reply.header('content-range', formatUnsatisfiedRange(blob.size));
        throw new BerthError(
          ErrorCode.RANGE_INVALID,
          `range ${JSON.stringify(rangeHeader)} is not satisfiable for ${blob.size} bytes`,
        );
      }
      range = parsed.start === 0 && parsed.end === blob.size - 1 ? undefined : parsed;
      if (range) reply.header('content-range', formatContentRange(range, blob.size));
    }
    if (!range && (await this.redirect(ctx, blob))) return;
    const stream = await this.read(ctx, blob, range);
    const length = range ? range.end - range.start + 1 : blob.size;
    reply.header('content-length', String(length));
    await sendBlobBody(reply, range ? 206 : 200, stream, range?.start ?? 0, length);
  }

  /** DELETE: 202. */
  async delete(ctx: RepositoryContext): Promise<void> {
    const { name } = ctx.params;
    const digest = parseDigest(ctx.params.digest as string).value;
    try {
      await this.distribution.deleteBlob({ repository: name, digest });
    } finally {
      // After the call: a StatBlob answered before the unlink and still in flight is not stored.
      this.blobs.invalidate(name, digest);
    }
    ctx.reply.code(202).header('content-length', '0').send();
  }

  /**
   * The blob's descriptor: from the cache, else from distribution. Distribution records a blob
   * only once its bytes are stored at `blobKey(digest)`, so a blob whose bytes are absent is
   * unknown in every repository; with a local store that is one `stat`, much cheaper than the
   * StatBlob round trip it saves for the HEAD that precedes every new layer push. (A future
   * pull-through of remote blobs has to come before this check.)
   */
  private async stat(ctx: RepositoryContext): Promise<distributionV1.BlobDescriptor> {
    const { name } = ctx.params;
    const digest = parseDigest(ctx.params.digest as string).value;
    return this.blobs.load(name, digest, async () => {
      if (this.driver.localStat && !(await this.driver.stat(blobKey(digest)))) throw blobUnknown(digest);
      const { blob } = await this.distribution.statBlob({ repository: name, digest });
      if (!blob) throw blobUnknown(digest);
      return blob;
    });
  }

  private async read(
    ctx: RepositoryContext,
    blob: distributionV1.BlobDescriptor,
    range: ByteRange | undefined,
  ) {
    try {
      return await this.driver.read(blob.storageKey, range);
    } catch (err) {
      // The record exists but the bytes are gone (pruned under our feet): the blob is unknown.
      if (BerthError.is(err, ErrorCode.NOT_FOUND)) {
        this.blobs.invalidate(ctx.params.name, blob.digest);
        throw blobUnknown(blob.digest);
      }
      throw err;
    }
  }

  /** With a presigning driver and BERTH_BLOB_REDIRECT_SECONDS > 0: 307 to the store. */
  private async redirect(ctx: RepositoryContext, blob: distributionV1.BlobDescriptor): Promise<boolean> {
    const seconds = this.config.BERTH_BLOB_REDIRECT_SECONDS;
    if (seconds <= 0 || !this.driver.presignGet) return false;
    const url = await this.driver.presignGet(blob.storageKey, seconds);
    ctx.reply.code(307).header('location', url).header('content-length', '0').send();
    return true;
  }
}

function blobUnknown(digest: string): BerthError {
  return new BerthError(ErrorCode.BLOB_UNKNOWN, undefined, { digest });
}
