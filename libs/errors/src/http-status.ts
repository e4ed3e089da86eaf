import { ErrorCode } from './error-code';

/** The gateway's one table from error code to HTTP status (CNCF distribution's errcode register). */
export const HTTP_STATUS_BY_CODE: Record<ErrorCode, number> = {
  [ErrorCode.BLOB_UNKNOWN]: 404,
  [ErrorCode.BLOB_UPLOAD_INVALID]: 400,
  [ErrorCode.BLOB_UPLOAD_UNKNOWN]: 404,
  [ErrorCode.DIGEST_INVALID]: 400,
  [ErrorCode.MANIFEST_BLOB_UNKNOWN]: 400,
  [ErrorCode.MANIFEST_INVALID]: 400,
  [ErrorCode.MANIFEST_UNKNOWN]: 404,
  [ErrorCode.NAME_INVALID]: 400,
  [ErrorCode.NAME_UNKNOWN]: 404,
  [ErrorCode.SIZE_INVALID]: 400,
  [ErrorCode.UNAUTHORIZED]: 401,
  [ErrorCode.DENIED]: 403,
  [ErrorCode.UNSUPPORTED]: 405,
  [ErrorCode.TOOMANYREQUESTS]: 429,
  [ErrorCode.TAG_INVALID]: 400,
  [ErrorCode.RANGE_INVALID]: 416,
  [ErrorCode.INVALID_ARGUMENT]: 400,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.ALREADY_EXISTS]: 409,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.UNAVAILABLE]: 503,
  [ErrorCode.UNKNOWN]: 500,
};

/** The OCI error body: `{"errors":[{"code","message","detail"}]}`. */
export interface OciErrorBody {
  errors: Array<{ code: string; message: string; detail?: unknown }>;
}
