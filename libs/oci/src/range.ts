import { BerthError, ErrorCode } from '@berth/errors';
import { quote } from './quote';

/** A byte range, both ends inclusive, as HTTP writes them. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The `Range` header of a blob GET, against a blob of `size` bytes (RFC 9110 §14.2). Call it only
 * when the request has a Range header. Returns the range to send as 206, or null when the answer is
 * 416 RANGE_INVALID with `Content-Range: bytes *` + `/<size>` (see formatUnsatisfiedRange).
 *
 * - `bytes=10-19` → 10..19; `bytes=10-` → 10..size-1; an end past the blob is clamped.
 * - `bytes=-5` → the last 5 bytes (all of them if the blob is smaller); `bytes=-0` is unsatisfiable.
 * - Several ranges (`bytes=0-1, 5-9`) are coalesced into one range spanning the satisfiable ones,
 *   which RFC 9110 §15.3.7 allows; Berth never sends multipart/byteranges, and registry clients
 *   never ask for several ranges.
 * - Malformed values and units other than `bytes` give null (416), as Go's http.ServeContent does
 *   for distribution; RFC 9110 would rather have the header ignored.
 * - A 0-byte blob has no satisfiable range.
 */
export function parseRangeHeader(header: string, size: number): ByteRange | null {
  assertSize(size);
  const match = /^\s*bytes\s*=(.*)$/i.exec(header);
  if (!match) return null;
  const ranges: ByteRange[] = [];
  let any = false;
  for (const element of match[1].split(',')) {
    const spec = element.trim();
    if (spec === '') continue;
    any = true;
    const parts = /^(\d*)-(\d*)$/.exec(spec);
    if (!parts || (parts[1] === '' && parts[2] === '')) return null;
    const [, first, last] = parts;
    if (first === '') {
      const suffix = Number(last);
      if (suffix > 0 && size > 0) ranges.push({ start: Math.max(0, size - suffix), end: size - 1 });
      continue;
    }
    const start = Number(first);
    const end = last === '' ? Infinity : Number(last);
    if (end < start) return null;
    if (start < size) ranges.push({ start, end: Math.min(end, size - 1) });
  }
  if (!any || ranges.length === 0) return null;
  return ranges.reduce((span, range) => ({
    start: Math.min(span.start, range.start),
    end: Math.max(span.end, range.end),
  }));
}

/** `Content-Range` of a 206: `bytes 10-19/100`. */
export function formatContentRange(range: ByteRange, size: number): string {
  return `bytes ${range.start}-${range.end}/${size}`;
}

/** `Content-Range` of a 416, e.g. `bytes *` + `/100`. */
export function formatUnsatisfiedRange(size: number): string {
  return `bytes */${size}`;
}

/**
 * The `Content-Range` of a chunked upload PATCH. Docker and the OCI spec send `<start>-<end>`;
 * `bytes <start>-<end>/<total or *>` (RFC 9110 form) and `bytes=<start>-<end>` are tolerated.
 * Throws BLOB_UPLOAD_INVALID when malformed, RANGE_INVALID when end < start or end ≥ total.
 */
export function parseContentRange(header: string): ByteRange {
  const value = typeof header === 'string' ? header.trim() : '';
  const match =
    /^(\d+)-(\d+)$/.exec(value) ??
    /^bytes\s*=\s*(\d+)-(\d+)$/i.exec(value) ??
    /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec(value);
  if (!match) {
    throw new BerthError(
      ErrorCode.BLOB_UPLOAD_INVALID,
      `Content-Range ${quote(value)} is malformed; expected "<start>-<end>"`,
    );
  }
  const start = Number(match[1]);
  const end = Number(match[2]);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) {
    throw new BerthError(ErrorCode.BLOB_UPLOAD_INVALID, `Content-Range ${quote(value)} is out of range`);
  }
  if (end < start) {
    throw new BerthError(ErrorCode.RANGE_INVALID, `Content-Range ${quote(value)} ends before it starts`);
  }
  const total = match[3];
  if (total !== undefined && total !== '*' && end >= Number(total)) {
    throw new BerthError(ErrorCode.RANGE_INVALID, `Content-Range ${quote(value)} ends past its total length`);
  }
  return { start, end };
}

/**
 * Checks a PATCH chunk against the upload so far, as distribution does: it must start where the
 * upload ends (else RANGE_INVALID, 416) and, when Content-Length is known, be exactly that long
 * (else SIZE_INVALID).
 */
export function validateChunkRange(range: ByteRange, uploadedSize: number, contentLength?: number): void {
  if (range.start !== uploadedSize) {
    throw new BerthError(
      ErrorCode.RANGE_INVALID,
      `chunk starts at byte ${range.start} but the upload has ${uploadedSize} bytes; chunks must be sent in order`,
      { range: `${range.start}-${range.end}`, uploaded: uploadedSize },
    );
  }
  const length = range.end - range.start + 1;
  if (contentLength !== undefined && contentLength !== length) {
    throw new BerthError(
      ErrorCode.SIZE_INVALID,
      `Content-Length is ${contentLength} but Content-Range covers ${length} bytes`,
    );
  }
}

/**
 * The `Range` header of upload responses (202/204): `0-<size-1>`, the bytes received so far.
 * For an empty upload this is `0-0`, exactly what distribution sends (blobupload.go clamps the
 * end at 0). It is ambiguous (it reads as one byte received); Berth keeps it for compatibility
 * with clients written against distribution.
 */
export function formatUploadRange(size: number): string {
  assertSize(size);
  return `0-${size > 0 ? size - 1 : 0}`;
}

function assertSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 0)
    throw new RangeError(`size must be a non-negative integer, got ${size}`);
}
