import { Logger } from '@nestjs/common';
import {
  BerthError,
  DEFAULT_MESSAGES,
  ErrorCode,
  HTTP_STATUS_BY_CODE,
  type OciErrorBody,
} from '@berth/errors';

/** What the gateway answers for an error: status and the OCI error body. */
export interface HttpError {
  status: number;
  body: OciErrorBody;
  code: ErrorCode;
  /** Extra response headers: `Retry-After` on a 429 that says when to try again. */
  headers?: Record<string, string>;
}

/**
 * A BerthError that must be answered with a status other than the table's, where the spec asks
 * for one: 413 for a manifest larger than the gateway accepts.
 */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly error: BerthError,
  ) {
    super(error.message);
    this.name = 'HttpStatusError';
  }
}

const logger = new Logger('gateway');

/**
 * The gateway's one translation from an error to HTTP (distribution's errcode register): a
 * BerthError's code picks the status from HTTP_STATUS_BY_CODE and travels as is (code, message,
 * detail); anything else becomes 500 UNKNOWN with a generic message and is logged with its stack.
 * 5xx BerthErrors (a peer unavailable, an UNKNOWN from a service) are logged too.
 */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpStatusError) return { ...toHttpError(err.error), status: err.status };
  if (err instanceof BerthError) {
    const status = HTTP_STATUS_BY_CODE[err.code] ?? 500;
    const code = HTTP_STATUS_BY_CODE[err.code] === undefined ? ErrorCode.UNKNOWN : err.code;
    const entry: OciErrorBody['errors'][number] = { code, message: err.message || DEFAULT_MESSAGES[code] };
    if (err.detail !== undefined) entry.detail = err.detail;
    if (status >= 500) logger.error(`${err.code}: ${err.message}`);
    const retryAfter = retryAfterOf(err);
    if (retryAfter !== undefined)
      return { status, body: { errors: [entry] }, code, headers: { 'retry-after': String(retryAfter) } };
    return { status, body: { errors: [entry] }, code };
  }
  logger.error(`unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return {
    status: 500,
    body: { errors: [{ code: ErrorCode.UNKNOWN, message: DEFAULT_MESSAGES[ErrorCode.UNKNOWN] }] },
    code: ErrorCode.UNKNOWN,
  };
}

/** Whole seconds from a TOOMANYREQUESTS error's `detail.retryAfterSeconds`, when it has them. */
function retryAfterOf(err: BerthError): number | undefined {
  if (err.code !== ErrorCode.TOOMANYREQUESTS) return undefined;
  const value = (err.detail as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.ceil(value) : undefined;
}
