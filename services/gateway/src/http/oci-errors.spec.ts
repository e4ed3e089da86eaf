import { Logger } from '@nestjs/common';
import { BerthError, ErrorCode, HTTP_STATUS_BY_CODE } from '@berth/errors';
import { HttpStatusError, toHttpError } from './oci-errors';

describe('toHttpError', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it.each(Object.values(ErrorCode))('maps %s through HTTP_STATUS_BY_CODE and keeps the code', (code) => {
    const http = toHttpError(new BerthError(code, 'boom', { x: 1 }));
    expect(http.status).toBe(HTTP_STATUS_BY_CODE[code]);
    expect(http.body).toEqual({ errors: [{ code, message: 'boom', detail: { x: 1 } }] });
  });

  it('gives the spec statuses of the OCI codes', () => {
    expect(toHttpError(new BerthError(ErrorCode.BLOB_UNKNOWN)).status).toBe(404);
    expect(toHttpError(new BerthError(ErrorCode.MANIFEST_UNKNOWN)).status).toBe(404);
    expect(toHttpError(new BerthError(ErrorCode.DIGEST_INVALID)).status).toBe(400);
    expect(toHttpError(new BerthError(ErrorCode.RANGE_INVALID)).status).toBe(416);
    expect(toHttpError(new BerthError(ErrorCode.UNAVAILABLE)).status).toBe(503);
  });

  it('uses the default message and omits an absent detail', () => {
    expect(toHttpError(new BerthError(ErrorCode.NAME_UNKNOWN)).body).toEqual({
      errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }],
    });
  });

  it('turns anything else into 500 UNKNOWN without leaking the message', () => {
    const http = toHttpError(new Error('database password is hunter2'));
    expect(http.status).toBe(500);
    expect(http.body).toEqual({ errors: [{ code: 'UNKNOWN', message: 'unknown error' }] });
  });

  it('honours an explicit status', () => {
    const http = toHttpError(
      new HttpStatusError(413, new BerthError(ErrorCode.MANIFEST_INVALID, 'too large')),
    );
    expect(http.status).toBe(413);
    expect(http.body.errors[0]).toEqual({ code: 'MANIFEST_INVALID', message: 'too large' });
  });

  it('says when to retry a throttled request (Retry-After), and only then', () => {
    const throttled = toHttpError(
      new BerthError(ErrorCode.TOOMANYREQUESTS, 'too many failed logins', { retryAfterSeconds: 41.2 }),
    );
    expect(throttled.status).toBe(429);
    expect(throttled.headers).toEqual({ 'retry-after': '42' });
    expect(toHttpError(new BerthError(ErrorCode.TOOMANYREQUESTS, 'slow down')).headers).toBeUndefined();
    expect(
      toHttpError(new BerthError(ErrorCode.DENIED, 'no', { retryAfterSeconds: 5 })).headers,
    ).toBeUndefined();
  });
});
