import { ErrorCode } from './error-code';

/** Default human messages, as in CNCF distribution's errcode registry. */
export const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  [ErrorCode.BLOB_UNKNOWN]: 'blob unknown to registry',
  [ErrorCode.BLOB_UPLOAD_INVALID]: 'blob upload invalid',
  [ErrorCode.BLOB_UPLOAD_UNKNOWN]: 'blob upload unknown to registry',
  [ErrorCode.DIGEST_INVALID]: 'provided digest did not match uploaded content',
  [ErrorCode.MANIFEST_BLOB_UNKNOWN]: 'manifest references a manifest or blob unknown to registry',
  [ErrorCode.MANIFEST_INVALID]: 'manifest invalid',
  [ErrorCode.MANIFEST_UNKNOWN]: 'manifest unknown to registry',
  [ErrorCode.NAME_INVALID]: 'invalid repository name',
  [ErrorCode.NAME_UNKNOWN]: 'repository name not known to registry',
  [ErrorCode.SIZE_INVALID]: 'provided length did not match content length',
  [ErrorCode.UNAUTHORIZED]: 'authentication required',
  [ErrorCode.DENIED]: 'requested access to the resource is denied',
  [ErrorCode.UNSUPPORTED]: 'the operation is unsupported',
  [ErrorCode.TOOMANYREQUESTS]: 'too many requests',
  [ErrorCode.TAG_INVALID]: 'manifest tag did not match URI',
  [ErrorCode.RANGE_INVALID]: 'requested range not satisfiable',
  [ErrorCode.INVALID_ARGUMENT]: 'invalid argument',
  [ErrorCode.NOT_FOUND]: 'not found',
  [ErrorCode.ALREADY_EXISTS]: 'already exists',
  [ErrorCode.CONFLICT]: 'conflict',
  [ErrorCode.UNAVAILABLE]: 'service unavailable',
  [ErrorCode.UNKNOWN]: 'unknown error',
};

/**
 * The one error type services throw. `detail` is optional structured context that
 * travels to the client (the OCI error body's `detail` field); never put secrets in it.
 */
export class BerthError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly detail?: unknown,
  ) {
    super(message ?? DEFAULT_MESSAGES[code]);
    this.name = 'BerthError';
  }

  static is(err: unknown, code?: ErrorCode): err is BerthError {
    return err instanceof BerthError && (code === undefined || err.code === code);
  }
}
