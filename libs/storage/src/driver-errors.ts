import { BerthError, ErrorCode } from '@berth/errors';
import type { ByteRange } from './blob-driver';

/** The error every driver throws when reading or committing a key that holds nothing. */
export function notFound(key: string): BerthError {
  return new BerthError(ErrorCode.NOT_FOUND, `nothing is stored under ${key}`, { key });
}

/** Throws INVALID_ARGUMENT unless the range is two integers with 0 <= start <= end. */
export function assertRangeShape(range: ByteRange): void {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new BerthError(ErrorCode.INVALID_ARGUMENT, `invalid byte range ${start}-${end}`, { start, end });
  }
}

/** The error every driver throws for a range that does not fit an object of `size` bytes. */
export function rangeNotSatisfiable(range: ByteRange, size: number): BerthError {
  return new BerthError(
    ErrorCode.RANGE_INVALID,
    `byte range ${range.start}-${range.end} is outside an object of ${size} bytes`,
    { size },
  );
}

/** Throws RANGE_INVALID (detail `{ size }`) unless the range lies inside an object of `size` bytes. */
export function assertRangeWithin(range: ByteRange, size: number): void {
  if (range.end >= size) throw rangeNotSatisfiable(range, size);
}

/** Throws INVALID_ARGUMENT unless `value` (an offset or a size) is a non-negative integer. */
export function assertByteCount(what: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new BerthError(ErrorCode.INVALID_ARGUMENT, `invalid ${what} ${value}`, { [what]: value });
  }
}

/** The error every driver throws when an append's offset is not the object's current size. */
export function offsetMismatch(offset: number, size: number): BerthError {
  return new BerthError(
    ErrorCode.RANGE_INVALID,
    `append at offset ${offset} but the object holds ${size} bytes`,
    {
      size,
    },
  );
}

/**
 * The error every driver throws when a put's body is not `expectedSize` bytes long. `actual` may be
 * a lower bound: a driver may stop reading as soon as the body is known to be too long.
 */
export function sizeMismatch(expected: number, actual: number): BerthError {
  return new BerthError(ErrorCode.SIZE_INVALID, `expected ${expected} bytes but the body had ${actual}`, {
    expected,
    actual,
  });
}

/** The error every driver throws when a commit's source does not hold the `expected` bytes. */
export function storedSizeMismatch(key: string, expected: number, actual: number): BerthError {
  return new BerthError(ErrorCode.SIZE_INVALID, `${key} holds ${actual} bytes, not ${expected}`, {
    expected,
    actual,
  });
}
