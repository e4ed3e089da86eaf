import { BerthError, ErrorCode } from '@berth/errors';

/** Longest key accepted; leaves room for an S3 prefix under S3's 1024-byte key limit. */
export const MAX_KEY_LENGTH = 900;

/** Top-level segment the filesystem driver keeps its temporary files under. */
export const RESERVED_TOP_SEGMENT = '_tmp';

/** Segment suffix the S3 driver uses for the parts of appended objects. */
export const RESERVED_SEGMENT_SUFFIX = '.parts';

const SEGMENT = /^[A-Za-z0-9._=-]+$/;
const ALGORITHM = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const ENCODED = /^[A-Za-z0-9=_-]{2,}$/;
const UPLOAD_ID = /^[A-Za-z0-9_-]+$/;

/** Why `key` is not a valid storage key, or null when it is. */
export function keyProblem(key: string): string | null {
  if (typeof key !== 'string' || key.length === 0) return 'key is empty';
  if (key.length > MAX_KEY_LENGTH) return `key is longer than ${MAX_KEY_LENGTH} characters`;
  const segments = key.split('/');
  for (const segment of segments) {
    if (segment === '') return 'key has an empty segment (leading, trailing or double slash)';
    if (segment === '.' || segment === '..') return 'key has a relative segment';
    if (!SEGMENT.test(segment)) return 'key segments may only contain A-Z a-z 0-9 . _ = -';
    if (segment.endsWith(RESERVED_SEGMENT_SUFFIX))
      return `key segments may not end in "${RESERVED_SEGMENT_SUFFIX}"`;
  }
  if (segments[0] === RESERVED_TOP_SEGMENT) return `"${RESERVED_TOP_SEGMENT}/" is reserved for the driver`;
  return null;
}

export function isValidKey(key: string): boolean {
  return keyProblem(key) === null;
}

/**
 * Throws INVALID_ARGUMENT unless `key` is a relative '/'-separated path of non-empty segments
 * made of `[A-Za-z0-9._=-]`, without '.' or '..' segments, without segments ending in '.parts',
 * not under the reserved top-level '_tmp/', and at most MAX_KEY_LENGTH characters long.
 */
export function assertValidKey(key: string): void {
  const problem = keyProblem(key);
  if (problem !== null) {
    throw new BerthError(ErrorCode.INVALID_ARGUMENT, `invalid storage key: ${problem}`, { key });
  }
}

/** `sha256:abcd…` → `blobs/sha256/ab/abcd…`; DIGEST_INVALID for anything that is not a digest. */
export function blobKey(digest: string): string {
  const colon = digest.indexOf(':');
  const algorithm = digest.slice(0, colon);
  const encoded = digest.slice(colon + 1);
  if (colon < 0 || !ALGORITHM.test(algorithm) || !ENCODED.test(encoded)) {
    throw new BerthError(ErrorCode.DIGEST_INVALID, `invalid digest: ${digest}`, { digest });
  }
  return `blobs/${algorithm}/${encoded.slice(0, 2)}/${encoded}`;
}

/** The directory holding everything of one upload session; `deletePrefix` it when done. */
export function uploadDir(uploadId: string): string {
  if (!UPLOAD_ID.test(uploadId)) {
    throw new BerthError(ErrorCode.BLOB_UPLOAD_INVALID, `invalid upload id: ${uploadId}`, { uploadId });
  }
  return `uploads/${uploadId}`;
}

/** Where an upload session's bytes are appended: `uploads/<id>/data`. */
export function uploadKey(uploadId: string): string {
  return `${uploadDir(uploadId)}/data`;
}
