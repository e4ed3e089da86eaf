import { createHash, randomBytes } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { BerthError, type ErrorCode } from '@berth/errors';

export const MiB = 1024 * 1024;

/** Random bytes; distinct per call so a stale read can never pass for a fresh one. */
export function bytes(size: number): Buffer {
  return randomBytes(size);
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A body that delivers `data` in uneven chunks, as a network request would. */
export function bodyOf(data: Buffer): Readable {
  const sizes = [1, 4093, 65536, 131072, 7];
  function* chunks(): Generator<Buffer> {
    let at = 0;
    for (let i = 0; at < data.length; i++) {
      const next = Math.min(data.length, at + sizes[i % sizes.length]);
      yield data.subarray(at, next);
      at = next;
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

/** A body that delivers `prefix` and then fails with `error`, like an aborted client request. */
export function failingBody(prefix: Buffer, error: Error): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    yield prefix;
    await new Promise((resolve) => setTimeout(resolve, 5));
    throw error;
  }
  return Readable.from(chunks(), { objectMode: false });
}

/** A body that records whether anything ever read from it. */
export function watchedBody(data: Buffer): { body: Readable; wasRead(): boolean } {
  let read = false;
  function* chunks(): Generator<Buffer> {
    read = true;
    yield data;
  }
  return { body: Readable.from(chunks(), { objectMode: false }), wasRead: () => read };
}

/** A body the test feeds by hand, to look at the store while a write is in progress. */
export function manualBody(): PassThrough {
  return new PassThrough();
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

export async function collect(keys: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const key of keys) out.push(key);
  return out.sort();
}

/** Waits until `stream` has handed everything written so far to its consumer. */
export async function drained(stream: PassThrough, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (stream.readableLength > 0 || stream.writableLength > 0) {
    if (Date.now() > deadline) throw new Error('the driver stopped reading the body');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  // Give the driver a moment to act on what it read (write a file, upload a part).
  await new Promise((resolve) => setTimeout(resolve, 50));
}

/** Compares bytes by length and digest: Jest's toEqual on multi-MiB buffers takes seconds. */
export function expectBytes(actual: Buffer, expected: Buffer): void {
  expect(actual.length).toBe(expected.length);
  expect(sha256(actual)).toBe(sha256(expected));
}

/** Asserts that `promise` rejects with a BerthError of `code` (and, if given, that detail). */
export async function expectBerthError(
  promise: Promise<unknown>,
  code: ErrorCode,
  detail?: unknown,
): Promise<void> {
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(BerthError);
  expect((caught as BerthError).code).toBe(code);
  if (detail !== undefined) expect((caught as BerthError).detail).toMatchObject(detail as object);
}
