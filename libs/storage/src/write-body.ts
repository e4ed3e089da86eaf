import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';

/** Bytes taken from the body while a write is in flight before the body is paused. */
const MAX_PENDING_BYTES = 1024 * 1024;

/**
 * Writes everything `body` delivers to `handle` from `position` on; resolves with the number of
 * bytes written. Chunks that arrive while a write is in flight are written together by the next
 * `writev` (no copying), and the body is paused while more than 1 MiB waits.
 *
 * This replaces `pipeline(body, fs.createWriteStream(…))` on the upload path, which costs an extra
 * open and close per call and creates an AbortController and a DOMException (with its stack
 * trace) every time it finishes: for small layers that overhead is larger than the write itself.
 *
 * Rejects with the body's own error when the body fails (or closes before its end), and with the
 * write's error when writing fails (the body is then destroyed). It settles only once no write is
 * in flight, so the caller may truncate or remove the file straight away.
 */
export function writeBody(handle: FileHandle, body: Readable, position: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let written = 0;
    let writing = false;
    let ended = false;
    let failure: { error: unknown } | undefined;

    const detach = () => {
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      body.off('close', onClose);
    };
    const settle = () => {
      if (writing) return;
      if (failure) {
        detach();
        reject(failure.error);
      } else if (pending.length > 0) {
        flush();
      } else if (ended) {
        detach();
        resolve(written);
      }
    };
    const flush = () => {
      const batch = pending;
      const bytes = pendingBytes;
      pending = [];
      pendingBytes = 0;
      writing = true;
      writeFully(handle, batch, bytes, position + written).then(
        () => {
          written += bytes;
          writing = false;
          if (!ended && !failure && body.isPaused()) body.resume();
          settle();
        },
        (error: unknown) => {
          writing = false;
          failure ??= { error };
          body.destroy();
          settle();
        },
      );
    };
    const onData = (chunk: Buffer | string) => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (buffer.length === 0) return;
      pending.push(buffer);
      pendingBytes += buffer.length;
      if (!writing) flush();
      else if (pendingBytes >= MAX_PENDING_BYTES) body.pause();
    };
    const onEnd = () => {
      ended = true;
      settle();
    };
    const onError = (error: Error) => {
      failure ??= { error };
      settle();
    };
    const onClose = () => {
      if (ended || failure) return;
      failure = { error: prematureClose() };
      settle();
    };

    if (body.destroyed) {
      reject(body.errored ?? prematureClose());
      return;
    }
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
    body.on('close', onClose);
    if (body.readableEnded) onEnd();
  });
}

/** What `pipeline` reports for a body that closed before its end. */
function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

/** Writes all `buffers` (`bytes` in total) at `position`, however many calls that takes. */
async function writeFully(
  handle: FileHandle,
  buffers: Buffer[],
  bytes: number,
  position: number,
): Promise<void> {
  let done =
    buffers.length === 1
      ? (await handle.write(buffers[0], 0, bytes, position)).bytesWritten
      : (await handle.writev(buffers, position)).bytesWritten;
  if (done === bytes) return;
  // A short write (rare on regular files): write the rest from one buffer.
  const all = Buffer.concat(buffers, bytes);
  while (done < bytes) {
    const { bytesWritten } = await handle.write(all, done, bytes - done, position + done);
    if (bytesWritten === 0) throw new Error(`could not write ${bytes - done} of ${bytes} bytes`);
    done += bytesWritten;
  }
}
