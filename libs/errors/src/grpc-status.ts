import { Metadata, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { BerthError, DEFAULT_MESSAGES } from './berth-error';
import { ErrorCode, isErrorCode } from './error-code';

/** Trailing-metadata keys that carry the exact Berth code across a gRPC hop. */
export const ERROR_CODE_METADATA_KEY = 'berth-error-code';
export const ERROR_DETAIL_METADATA_KEY = 'berth-error-detail-bin';

/** The one table from error code to gRPC status. */
export const GRPC_STATUS_BY_CODE: Record<ErrorCode, GrpcStatus> = {
  [ErrorCode.BLOB_UNKNOWN]: GrpcStatus.NOT_FOUND,
  [ErrorCode.BLOB_UPLOAD_INVALID]: GrpcStatus.INVALID_ARGUMENT,
  [ErrorCode.BLOB_UPLOAD_UNKNOWN]: GrpcStatus.NOT_FOUND,
  [ErrorCode.DIGEST_INVALID]: GrpcStatus.INVALID_ARGUMENT,
  [ErrorCode.MANIFEST_BLOB_UNKNOWN]: GrpcStatus.FAILED_PRECONDITION,
  [ErrorCode.MANIFEST_INVALID]: GrpcStatus.INVALID_ARGUMENT,
  [ErrorCode.MANIFEST_UNKNOWN]: GrpcStatus.NOT_FOUND,
  [ErrorCode.NAME_INVALID]: GrpcStatus.INVALID_ARGUMENT,
  [ErrorCode.NAME_UNKNOWN]: GrpcStatus.NOT_FOUND,
  [ErrorCode.SIZE_INVALID]: GrpcStatus.INVALID_ARGUMENT,
  [ErrorCode.UNAUTHORIZED]: GrpcStatus.UNAUTHENTICATED,
  [ErrorCode.DENIED]: GrpcStatus.PERMISSION_DENIED,
  [ErrorCode.UNSUPPORTED]: GrpcStatus.UNIMPLEMENTED,
  [ErrorCode.TOOMANYREQUESTS]: GrpcStatus.RESOURCE_EXHAUSTED,
  [ErrorCode.TAG_INVALID]: GrpcStatus.INVALID_ARGUMENT,
  [ErrorCode.RANGE_INVALID]: GrpcStatus.OUT_OF_RANGE,
  [ErrorCode.INVALID_ARGUMENT]: GrpcStatus.INVALID_ARGUMENT,
  [ErrorCode.NOT_FOUND]: GrpcStatus.NOT_FOUND,
  [ErrorCode.ALREADY_EXISTS]: GrpcStatus.ALREADY_EXISTS,
  [ErrorCode.CONFLICT]: GrpcStatus.ABORTED,
  [ErrorCode.UNAVAILABLE]: GrpcStatus.UNAVAILABLE,
  [ErrorCode.UNKNOWN]: GrpcStatus.UNKNOWN,
};

/** What a gRPC server handler emits for an error: status, message and trailing metadata. */
export interface GrpcErrorPayload {
  code: GrpcStatus;
  message: string;
  metadata: Metadata;
}

export function toGrpcError(err: unknown): GrpcErrorPayload {
  const berth = err instanceof BerthError ? err : new BerthError(ErrorCode.UNKNOWN);
  const metadata = new Metadata();
  metadata.set(ERROR_CODE_METADATA_KEY, berth.code);
  if (berth.detail !== undefined) {
    metadata.set(ERROR_DETAIL_METADATA_KEY, Buffer.from(JSON.stringify(berth.detail)));
  }
  return { code: GRPC_STATUS_BY_CODE[berth.code], message: berth.message, metadata };
}

const CODE_BY_GRPC_STATUS: Partial<Record<GrpcStatus, ErrorCode>> = {
  [GrpcStatus.UNAVAILABLE]: ErrorCode.UNAVAILABLE,
  [GrpcStatus.DEADLINE_EXCEEDED]: ErrorCode.UNAVAILABLE,
  [GrpcStatus.UNAUTHENTICATED]: ErrorCode.UNAUTHORIZED,
  [GrpcStatus.PERMISSION_DENIED]: ErrorCode.DENIED,
  [GrpcStatus.NOT_FOUND]: ErrorCode.NOT_FOUND,
  [GrpcStatus.INVALID_ARGUMENT]: ErrorCode.INVALID_ARGUMENT,
  [GrpcStatus.ALREADY_EXISTS]: ErrorCode.ALREADY_EXISTS,
  [GrpcStatus.UNIMPLEMENTED]: ErrorCode.UNSUPPORTED,
  [GrpcStatus.RESOURCE_EXHAUSTED]: ErrorCode.TOOMANYREQUESTS,
};

/** Turns an error a gRPC client received back into the BerthError the server threw. */
export function fromGrpcError(err: unknown): BerthError {
  if (err instanceof BerthError) return err;
  const svc = err as Partial<ServiceError> | undefined;
  const metadata = svc?.metadata;
  const rawCode = metadata?.get(ERROR_CODE_METADATA_KEY)?.[0];
  const code = isErrorCode(rawCode)
    ? rawCode
    : (CODE_BY_GRPC_STATUS[svc?.code as GrpcStatus] ?? ErrorCode.UNKNOWN);
  const rawDetail = metadata?.get(ERROR_DETAIL_METADATA_KEY)?.[0];
  let detail: unknown;
  if (rawDetail !== undefined) {
    try {
      detail = JSON.parse(Buffer.isBuffer(rawDetail) ? rawDetail.toString('utf8') : String(rawDetail));
    } catch {
      detail = undefined;
    }
  }
  const message = svc?.details || (svc?.message ?? DEFAULT_MESSAGES[code]);
  return new BerthError(
    code,
    isErrorCode(rawCode) ? message : `${DEFAULT_MESSAGES[code]}: ${message}`,
    detail,
  );
}
