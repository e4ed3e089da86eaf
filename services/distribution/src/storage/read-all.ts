import { BerthError, ErrorCode } from '@berth/errors';
import type { Readable } from 'node:stream';

/** Reads a small object whole; fails instead of buffering more than `limit` bytes. */
export async function readAll(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    total += buffer.byteLength;
    if (total > limit) {
      stream.destroy();
      throw new BerthError(ErrorCode.UNKNOWN, `stored object is larger than ${limit} bytes`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, total);
}
