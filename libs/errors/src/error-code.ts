/**
 * Every error Berth reports has one of these codes. The OCI Distribution codes are
 * spelled exactly as the spec spells them; the rest serve the management APIs.
 */
export enum ErrorCode {
  // OCI Distribution Spec v1.1 error codes.
  BLOB_UNKNOWN = 'BLOB_UNKNOWN',
  BLOB_UPLOAD_INVALID = 'BLOB_UPLOAD_INVALID',
  BLOB_UPLOAD_UNKNOWN = 'BLOB_UPLOAD_UNKNOWN',
  DIGEST_INVALID = 'DIGEST_INVALID',
  MANIFEST_BLOB_UNKNOWN = 'MANIFEST_BLOB_UNKNOWN',
  MANIFEST_INVALID = 'MANIFEST_INVALID',
  MANIFEST_UNKNOWN = 'MANIFEST_UNKNOWN',
  NAME_INVALID = 'NAME_INVALID',
  NAME_UNKNOWN = 'NAME_UNKNOWN',
  SIZE_INVALID = 'SIZE_INVALID',
  UNAUTHORIZED = 'UNAUTHORIZED',
  DENIED = 'DENIED',
  UNSUPPORTED = 'UNSUPPORTED',
  TOOMANYREQUESTS = 'TOOMANYREQUESTS',
  // Docker registry API extensions.
  TAG_INVALID = 'TAG_INVALID',
  RANGE_INVALID = 'RANGE_INVALID',
  // General codes.
  INVALID_ARGUMENT = 'INVALID_ARGUMENT',
  NOT_FOUND = 'NOT_FOUND',
  ALREADY_EXISTS = 'ALREADY_EXISTS',
  CONFLICT = 'CONFLICT',
  UNAVAILABLE = 'UNAVAILABLE',
  UNKNOWN = 'UNKNOWN',
}

const CODES = new Set<string>(Object.values(ErrorCode));

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && CODES.has(value);
}
