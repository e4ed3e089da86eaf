import { Inject, Injectable, Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import { BerthError, ErrorCode } from '@berth/errors';
import { METADATA_CLIENT, type MetadataClient } from '@berth/metadata-client';
import {
  type Descriptor,
  digestOf,
  parseDigest,
  parseManifest,
  parseReference,
  type ParsedManifest,
  referencedBlobs,
  referencedManifests,
  validateRepositoryName,
} from '@berth/oci';
import { type BlobDriver, blobKey } from '@berth/storage';
import { BLOB_DRIVER } from '../storage/blob-storage.module';
import { readAll } from '../storage/read-all';
import { ManifestCache } from './manifest-cache';
import { type ManifestRecord, ManifestsRepository } from './manifests.repository';
import { toRecordImageRequest } from './record-image.mapper';

/**
 * Largest manifest accepted. Distribution's limit is 4 MiB; Berth accepts more (large indexes of
 * many platforms and attestations) and stays well under the 32 MiB gRPC message limit.
 */
export const MANIFEST_MAX_BYTES = 16 * 1024 * 1024;

export interface PutManifestInput {
  repository: string;
  /** A tag, or the manifest's digest. */
  reference: string;
  /** The request's Content-Type. */
  mediaType: string;
  payload: Buffer;
  actor: string;
}

export interface StoredManifest {
  digest: string;
  mediaType: string;
  payload: Buffer;
}

/** Manifests: validated on push, stored content addressed, linked to repositories, recorded in metadata. */
@Injectable()
export class ManifestsService {
  private readonly logger = new Logger(ManifestsService.name);

  constructor(
    private readonly manifests: ManifestsRepository,
    @Inject(BLOB_DRIVER) private readonly driver: BlobDriver,
    @Inject(METADATA_CLIENT) private readonly metadata: MetadataClient,
    private readonly cache: ManifestCache,
  ) {}

  /**
   * Validates the manifest, checks that the repository holds everything it references, stores the
   * bytes (before the rows that point at them), links the manifest to the repository and records
   * the image (and the tag, when pushed by tag) in metadata. Pushing the same manifest again is fine.
   */
  async put(input: PutManifestInput): Promise<{ digest: string; subject?: string }> {
    const { repository, payload } = input;
    validateRepositoryName(repository);
    if (payload.byteLength > MANIFEST_MAX_BYTES) {
      throw new BerthError(
        ErrorCode.MANIFEST_INVALID,
        `manifest is ${payload.byteLength} bytes; at most ${MANIFEST_MAX_BYTES} bytes are accepted`,
        { size: payload.byteLength, limit: MANIFEST_MAX_BYTES },
      );
    }
    const reference = parseReference(input.reference);
    const digest = digestOf(payload, reference.kind === 'digest' ? reference.digest.algorithm : 'sha256');
    if (reference.kind === 'digest' && reference.digest.value !== digest) {
      throw new BerthError(
        ErrorCode.DIGEST_INVALID,
        `the manifest's digest is ${digest}, not ${reference.digest.value}`,
        {
          expected: reference.digest.value,
          actual: digest,
        },
      );
    }
    const parsed = parseManifest(payload, input.mediaType);
    const stored = await this.checkReferences(repository, digest, parsed);

    const record: ManifestRecord = {
      digest,
      mediaType: parsed.mediaType,
      size: payload.byteLength,
      storageKey: blobKey(digest),
    };
    if (!stored) {
      await this.driver.put(record.storageKey, Readable.from([payload]), {
        expectedSize: payload.byteLength,
      });
    }
    await this.manifests.insertAndLink(repository, record);
    this.cache.set(digest, Buffer.from(payload));

    await this.metadata.recordImage(
      toRecordImageRequest({
        repository,
        digest,
        size: payload.byteLength,
        parsed,
        tag: reference.kind === 'tag' ? reference.tag : undefined,
        actor: input.actor,
      }),
    );
    return parsed.subject ? { digest, subject: parsed.subject.digest } : { digest };
  }

  /** The manifest when the repository holds it; MANIFEST_UNKNOWN otherwise. */
  async get(repository: string, digest: string): Promise<StoredManifest> {
    parseDigest(digest);
    const record = await this.manifests.findLinked(repository, digest);
    if (!record) throw manifestUnknown(digest);
    let payload = this.cache.get(digest);
    if (!payload) {
      try {
        payload = await readAll(await this.driver.read(record.storageKey), MANIFEST_MAX_BYTES);
      } catch (err) {
        if (!BerthError.is(err, ErrorCode.NOT_FOUND)) throw err;
        this.logger.error(`manifest ${digest} is recorded but its bytes are missing at ${record.storageKey}`);
        throw manifestUnknown(digest);
      }
      this.cache.set(digest, payload);
    }
    return { digest, mediaType: record.mediaType, payload };
  }

  /**
   * Removes the manifest from the repository, and its image (with every tag pointing at it) from
   * metadata. The link is removed in a transaction that commits only after metadata answered, so a
   * failed call leaves both as they were and the delete can simply be retried.
   */
  async delete(repository: string, digest: string, actor: string): Promise<void> {
    parseDigest(digest);
    const removed = await this.manifests.unlinkThen(repository, digest, async () => {
      try {
        await this.metadata.deleteImage({ repository, digest, actor });
      } catch (err) {
        // Metadata never recorded it (or already forgot it): nothing more to remove there.
        if (!BerthError.is(err, ErrorCode.MANIFEST_UNKNOWN) && !BerthError.is(err, ErrorCode.NAME_UNKNOWN))
          throw err;
      }
    });
    if (!removed) throw manifestUnknown(digest);
  }

  /**
   * Forgets a repository whose project was deleted: every manifest and blob link and open upload.
   * Idempotent. Bytes stay for garbage collection; metadata's records are deleted by the caller.
   */
  async deleteRepository(repository: string): Promise<number> {
    validateRepositoryName(repository);
    return this.manifests.deleteRepository(repository);
  }

  /**
   * Every blob the manifest needs (config, layers except foreign ones with urls) must be readable
   * from the repository, and every child of an index stored in it. The subject need not exist.
   * Answers whether the manifest itself is stored already (its bytes need not be written again).
   */
  private async checkReferences(
    repository: string,
    digest: string,
    parsed: ParsedManifest,
  ): Promise<boolean> {
    const blobs = referencedBlobs(parsed);
    const children = referencedManifests(parsed);
    const state = await this.manifests.pushState(
      repository,
      digest,
      blobs.map((d) => d.digest),
      children.map((d) => d.digest),
    );
    throwIfMissing(blobs, state.linkedBlobs, 'blob', repository);
    throwIfMissing(children, state.linkedManifests, 'manifest', repository);
    return state.stored;
  }
}

function throwIfMissing(wanted: Descriptor[], present: Set<string>, what: string, repository: string): void {
  const missing = wanted.find((d) => !present.has(d.digest));
  if (missing) {
    throw new BerthError(
      ErrorCode.MANIFEST_BLOB_UNKNOWN,
      `${what} ${missing.digest} is unknown to repository ${repository}`,
      {
        digest: missing.digest,
      },
    );
  }
}

function manifestUnknown(digest: string): BerthError {
  return new BerthError(ErrorCode.MANIFEST_UNKNOWN, undefined, { digest });
}
