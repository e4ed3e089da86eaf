import type { FastifyReply } from 'fastify';
import { BerthError, ErrorCode } from '@berth/errors';
import { HttpStatusError, toHttpError } from '../http/oci-errors';

export const JSON_TYPE = 'application/json; charset=utf-8';

/** The challenge of a 401 on /api/v1: a header only, never an echo of what was sent. */
export const BASIC_CHALLENGE = 'Basic realm="berth"';

/**
 * Answers an error of /api/v1 through the gateway's one table (status by code, the
 * `{"errors":[…]}` body); UNAUTHORIZED carries `WWW-Authenticate: Basic realm="berth"`.
 */
export function sendApiError(reply: FastifyReply, err: unknown): FastifyReply {
  const http = toHttpError(err);
  if (http.code === ErrorCode.UNAUTHORIZED) reply.header('www-authenticate', BASIC_CHALLENGE);
  if (http.headers) reply.headers(http.headers);
  return reply
    .code(http.status)
    .header('content-type', JSON_TYPE)
    .header('cache-control', 'no-store')
    .send(JSON.stringify(http.body));
}

/**
 * Fastify's own 4xx errors (body too large, unsupported media type, bad URL) in the API's error
 * format; anything else goes through the table as it is.
 */
export function fromFastifyError(err: unknown, bodyLimit: number): unknown {
  if (err instanceof BerthError || err instanceof HttpStatusError) return err;
  const status = (err as { statusCode?: unknown } | undefined)?.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return err;
  if (status === 413)
    return new HttpStatusError(
      413,
      new BerthError(ErrorCode.INVALID_ARGUMENT, `the request body is larger than ${bodyLimit} bytes`),
    );
  if (status === 415)
    return new HttpStatusError(
      415,
      new BerthError(ErrorCode.UNSUPPORTED, 'the request body must be JSON (Content-Type: application/json)'),
    );
  const message = err instanceof Error ? err.message : 'bad request';
  return new HttpStatusError(status, new BerthError(ErrorCode.INVALID_ARGUMENT, message));
}
