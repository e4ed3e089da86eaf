import { BerthError, ErrorCode } from '@berth/errors';
import { parseDigest, validateRepositoryName, validateTag } from '@berth/oci';
import type { ContentDescriptor } from './descriptor';

/**
 * Metadata re-checks what the gateway and distribution already validated: it
 * never stores a bad name, tag or digest, whoever calls it.
 */
export function checkRepositoryName(name: string): void {
  validateRepositoryName(name); // NAME_INVALID
}

export function checkTag(tag: string): void {
  validateTag(tag); // TAG_INVALID
}

export function checkDigest(digest: string): void {
  parseDigest(digest); // DIGEST_INVALID
}

/** A descriptor needs a media type, a valid digest and a non-negative integer size. */
export function checkDescriptor(d: ContentDescriptor, what: string): void {
  checkDigest(d.digest);
  if (!d.mediaType) throw new BerthError(ErrorCode.INVALID_ARGUMENT, `${what} ${d.digest} has no media type`);
  if (!Number.isSafeInteger(d.size) || d.size < 0) {
    throw new BerthError(ErrorCode.INVALID_ARGUMENT, `${what} ${d.digest} has an invalid size ${d.size}`);
  }
}

/** Throws INVALID_ARGUMENT unless `limit` is absent or a non-negative integer. */
export function checkLimit(limit: number | undefined): void {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    throw new BerthError(ErrorCode.INVALID_ARGUMENT, `limit must be a non-negative integer, got ${limit}`);
  }
}
