import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { DATA_SOURCE } from '@berth/db';
import { BerthError, ErrorCode } from '@berth/errors';
import { type DigestAlgorithm, digestOf, parseDigest, validateRepositoryName } from '@berth/oci';
import { type BlobDriver, blobKey, uploadDir, uploadKey } from '@berth/storage';
import type { DataSource } from 'typeorm';
import { type BlobRecord, BlobsRepository } from '../blobs/blobs.repository';
import { BLOB_DRIVER } from '../storage/blob-storage.module';
import { type UploadSession, UploadsRepository } from './uploads.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Upload sessions. The gateway appends the bytes at the session's storage key and hashes them as
 * they pass; this service opens sessions, and on commit turns the data into a content-addressed blob
 * linked to the repository.
 */
@Injectable()
export class UploadsService {
  private readonly logger = new Logger(UploadsService.name);

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly uploads: UploadsRepository,
    private readonly blobs: BlobsRepository,
    @Inject(BLOB_DRIVER) private readonly driver: BlobDriver,
  ) {}

  async start(repository: string): Promise<UploadSession> {
    validateRepositoryName(repository);
    const id = randomUUID();
    return this.uploads.create({ id, repository, storageKey: uploadKey(id) });
  }

  /** The session; BLOB_UPLOAD_UNKNOWN unless it exists in that repository (a malformed id never does). */
  async get(repository: string, uploadId: string): Promise<UploadSession> {
    const session = UUID.test(uploadId) ? await this.uploads.find(repository, uploadId) : null;
    if (!session) throw uploadUnknown(uploadId);
    return session;
  }

  /**
   * Makes the session's data the blob `digest` (verified by the caller, which hashed the bytes as
   * they passed) of `size` bytes, links it to the repository and closes the session, in two
   * statements without a transaction: the session row is claimed (deleted: of concurrent commits
   * and cancels of one session exactly one gets it), the bytes are moved (or discarded when the
   * blob is already stored) and only then are the rows that point at them written, so no row ever
   * points at missing bytes. A refused commit (wrong size or digest, storage failure) puts the
   * session back as it was, for a retry; meanwhile the session looks unknown.
   */
  async commit(repository: string, uploadId: string, digest: string, size: number): Promise<BlobRecord> {
    const { algorithm } = parseDigest(digest);
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new BerthError(ErrorCode.SIZE_INVALID, `blob size must be a non-negative integer, got ${size}`, {
        size,
      });
    }
    if (!UUID.test(uploadId)) throw uploadUnknown(uploadId);
    const blob: BlobRecord = { digest, size, storageKey: blobKey(digest) };
    const session = await this.uploads.take(repository, uploadId);
    if (!session) throw uploadUnknown(uploadId);
    try {
      await this.moveData(session, blob, algorithm);
    } catch (err) {
      await this.putBack(session);
      throw err;
    }
    // The data is gone from the session either way: tidy up while the rows are written.
    const leftovers = this.discardUploadData(uploadId);
    await this.blobs.insertAndLink(repository, blob);
    await leftovers;
    return blob;
  }

  /** Closes the session and deletes its data; BLOB_UPLOAD_UNKNOWN when it does not exist. */
  async cancel(repository: string, uploadId: string): Promise<void> {
    if (!UUID.test(uploadId)) throw uploadUnknown(uploadId);
    await this.dataSource.transaction(async (em) => {
      const session = await this.uploads.claim(repository, uploadId, em);
      if (!session) throw uploadUnknown(uploadId);
      await this.driver.deletePrefix(uploadDir(session.id));
    });
  }

  /**
   * Moves the session's data to the blob's key (or only removes it when that key already holds the
   * blob); the driver checks in the same call that the data is exactly `blob.size` bytes long.
   */
  private async moveData(
    session: UploadSession,
    blob: BlobRecord,
    algorithm: DigestAlgorithm,
  ): Promise<void> {
    try {
      await this.driver.commit(session.storageKey, blob.storageKey, { expectedSize: blob.size });
      return;
    } catch (err) {
      if (BerthError.is(err, ErrorCode.SIZE_INVALID)) {
        throw declaredSizeMismatch((err.detail as { actual: number }).actual, blob.size);
      }
      if (!BerthError.is(err, ErrorCode.NOT_FOUND)) throw err;
    }
    // Nothing was ever appended: the empty blob. Its digest is known, so check it here.
    if (blob.size !== 0) throw declaredSizeMismatch(0, blob.size);
    if (digestOf(Buffer.alloc(0), algorithm) !== blob.digest) {
      throw new BerthError(ErrorCode.DIGEST_INVALID, `${blob.digest} is not the digest of the empty upload`, {
        digest: blob.digest,
      });
    }
    await this.driver.put(blob.storageKey, Readable.from([]), { expectedSize: 0 });
  }

  /** Puts a claimed session back after a refused commit; never fails (the client can start over). */
  private async putBack(session: UploadSession): Promise<void> {
    try {
      await this.uploads.restore(session);
    } catch (err) {
      this.logger.warn(
        `could not reopen upload ${session.id} after a refused commit: ${(err as Error).message}`,
      );
    }
  }

  /** Removes what a committed upload leaves behind (the filesystem driver's empty directory); never fails. */
  private async discardUploadData(uploadId: string): Promise<void> {
    try {
      await this.driver.deletePrefix(uploadDir(uploadId));
    } catch (err) {
      this.logger.warn(
        `could not remove the data of committed upload ${uploadId}: ${(err as Error).message}`,
      );
    }
  }
}

function declaredSizeMismatch(storedSize: number, declaredSize: number): BerthError {
  return new BerthError(
    ErrorCode.SIZE_INVALID,
    `the upload holds ${storedSize} bytes but the blob was declared as ${declaredSize} bytes`,
    { expected: declaredSize, actual: storedSize },
  );
}

function uploadUnknown(uploadId: string): BerthError {
  return new BerthError(ErrorCode.BLOB_UPLOAD_UNKNOWN, undefined, { uploadId: uploadId.slice(0, 128) });
}
