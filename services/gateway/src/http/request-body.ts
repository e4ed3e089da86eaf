import type { IncomingMessage } from 'node:http';
import { BerthError, ErrorCode } from '@berth/errors';
import { HttpStatusError } from './oci-errors';

/** Content-Length as a number; undefined when absent (chunked) or malformed. */
export function contentLengthOf(req: IncomingMessage): number | undefined {
  const raw = req.headers['content-length'];
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Whether the request carries a body: a non-zero Content-Length or a Transfer-Encoding. */
export function hasBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = contentLengthOf(req);
  return length !== undefined && length > 0;
}

/**
 * Reads a whole (small) body, such as a manifest, refusing more than `limit` bytes with 413 and
 * `tooLarge` as the error: at once when Content-Length says so, else as soon as the limit is passed.
 */
export function readBody(req: IncomingMessage, limit: number, tooLarge: () => BerthError): Promise<Buffer> {
  const declared = contentLengthOf(req);
  if (declared !== undefined && declared > limit) return Promise.reject(new HttpStatusError(413, tooLarge()));
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        cleanup();
        req.resume();
        reject(new HttpStatusError(413, tooLarge()));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(
        new BerthError(ErrorCode.INVALID_ARGUMENT, `the request body could not be read: ${err.message}`),
      );
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
