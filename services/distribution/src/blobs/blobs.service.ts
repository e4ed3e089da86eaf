import { Injectable } from '@nestjs/common';
import { BerthError, ErrorCode } from '@berth/errors';
import { parseDigest, validateRepositoryName } from '@berth/oci';
import { type BlobRecord, BlobsRepository } from './blobs.repository';

export type MountResult = { mounted: true; blob: BlobRecord } | { mounted: false };

/** PostgreSQL's foreign_key_violation: the blob row vanished (pruned) between lookup and link. */
const FOREIGN_KEY_VIOLATION = '23503';

/** Blobs readable from a repository: stat (the HEAD before every layer push), mount, unlink. */
@Injectable()
export class BlobsService {
  constructor(private readonly blobs: BlobsRepository) {}

  /** The blob when the repository may read it; BLOB_UNKNOWN otherwise. */
  async stat(repository: string, digest: string): Promise<BlobRecord> {
    parseDigest(digest);
    const blob = await this.blobs.findLinked(repository, digest);
    if (!blob) throw blobUnknown(digest);
    return blob;
  }

  /**
   * Links an existing blob into `repository`. With `from`, only a blob that `from` links is
   * mounted. Without `from`, a blob linked to ANY repository is mounted.
   *
   * Known limitation (issue 3, authorization): mounting without `from` must be restricted to
   * repositories the caller may read. This service has no notion of the caller yet, so until
   * issue 3 passes the readable repositories in, anyone who knows a digest stored anywhere can
   * mount it. A blob the target repository already links counts as mounted.
   * `mounted: false` tells the caller to fall back to an upload session.
   */
  async mount(repository: string, digest: string, from?: string): Promise<MountResult> {
    validateRepositoryName(repository);
    parseDigest(digest);
    let blob: BlobRecord | null;
    try {
      blob = await this.blobs.linkFrom(repository, digest, from);
    } catch (err) {
      if ((err as { code?: string }).code === FOREIGN_KEY_VIOLATION) return { mounted: false };
      throw err;
    }
    return blob ? { mounted: true, blob } : { mounted: false };
  }

  /** Removes the repository's link to the blob; the bytes are reclaimed later by pruning. */
  async unlink(repository: string, digest: string): Promise<void> {
    parseDigest(digest);
    if (!(await this.blobs.unlink(repository, digest))) throw blobUnknown(digest);
  }
}

function blobUnknown(digest: string): BerthError {
  return new BerthError(ErrorCode.BLOB_UNKNOWN, undefined, { digest });
}
