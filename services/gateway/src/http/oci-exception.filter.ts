import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ErrorCode } from '@berth/errors';
import { toHttpError } from './oci-errors';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Renders errors of the Nest controllers (/auth/token, /healthz) as OCI error bodies, through the same
 * table as /v2/. Nest's own HttpExceptions (a malformed form, an unknown path) keep their status.
 */
@Catch()
export class OciExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code =
        status === 404 ? ErrorCode.NOT_FOUND : status >= 500 ? ErrorCode.UNKNOWN : ErrorCode.INVALID_ARGUMENT;
      void reply
        .code(status)
        .header('content-type', JSON_TYPE)
        .send(JSON.stringify({ errors: [{ code, message: exception.message }] }));
      return;
    }
    const http = toHttpError(exception);
    if (http.headers) reply.headers(http.headers);
    void reply.code(http.status).header('content-type', JSON_TYPE).send(JSON.stringify(http.body));
  }
}
