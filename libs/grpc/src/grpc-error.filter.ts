import { Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { BerthError, toGrpcError } from '@berth/errors';
import { type Observable, throwError } from 'rxjs';

/**
 * Translates whatever a gRPC handler throws into a gRPC status with the exact
 * Berth code in trailing metadata. Anything that is not a BerthError is a bug:
 * it is logged with its stack and reported as UNKNOWN without internals.
 */
@Catch()
export class GrpcErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('GrpcError');

  catch(exception: unknown): Observable<never> {
    if (!(exception instanceof BerthError)) {
      this.logger.error(`unhandled error: ${(exception as Error)?.stack ?? String(exception)}`);
    }
    const { code, message, metadata } = toGrpcError(exception);
    return throwError(() => ({ code, message, details: message, metadata }));
  }
}
