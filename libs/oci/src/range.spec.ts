import { BerthError, ErrorCode } from '@berth/errors';
import {
  formatContentRange,
  formatUnsatisfiedRange,
  formatUploadRange,
  parseContentRange,
  parseRangeHeader,
  validateChunkRange,
} from './range';

function thrown(fn: () => unknown, code: ErrorCode): BerthError {
  try {
    fn();
  } catch (err) {
    if (BerthError.is(err, code)) return err;
    throw err;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}

describe('parseRangeHeader', () => {
  it.each([
    ['bytes=10-19', 100, { start: 10, end: 19 }],
    ['bytes=0-0', 100, { start: 0, end: 0 }],
    ['bytes=10-', 100, { start: 10, end: 99 }],
    ['bytes=90-500', 100, { start: 90, end: 99 }],
    ['bytes=99-99', 100, { start: 99, end: 99 }],
    ['bytes=-5', 100, { start: 95, end: 99 }],
    ['bytes=-500', 100, { start: 0, end: 99 }],
    ['Bytes = 1-2', 100, { start: 1, end: 2 }],
    ['bytes=0-99999999999999999999999', 100, { start: 0, end: 99 }],
    ['bytes=0-1, 5-9', 100, { start: 0, end: 9 }],
    ['bytes=50-59,0-1', 100, { start: 0, end: 59 }],
    ['bytes=200-300, 5-9', 100, { start: 5, end: 9 }],
    ['bytes=0-1,,2-3', 100, { start: 0, end: 3 }],
  ])('%s of %i bytes → %o', (header, size, expected) => {
    expect(parseRangeHeader(header, size)).toEqual(expected);
  });

  it.each([
    ['start past the end', 'bytes=100-', 100],
    ['start far past the end', 'bytes=99999999999999999999-', 100],
    ['zero suffix', 'bytes=-0', 100],
    ['empty blob', 'bytes=0-', 0],
    ['empty blob, suffix', 'bytes=-1', 0],
    ['all ranges past the end', 'bytes=100-110, 200-', 100],
    ['end before start', 'bytes=20-10', 100],
    ['no unit', '10-19', 100],
    ['other unit', 'items=0-1', 100],
    ['no positions', 'bytes=-', 100],
    ['no ranges', 'bytes=', 100],
    ['negative', 'bytes=-5-10', 100],
    ['garbage', 'bytes=a-b', 100],
    ['one bad among good', 'bytes=0-1, x', 100],
  ])('%s (%s of %i bytes) → null', (_case, header, size) => {
    expect(parseRangeHeader(header, size)).toBeNull();
  });

  it('refuses a nonsensical size as a programming error', () => {
    expect(() => parseRangeHeader('bytes=0-1', -1)).toThrow(RangeError);
    expect(() => parseRangeHeader('bytes=0-1', 1.5)).toThrow(RangeError);
  });
});

describe('Content-Range formatting', () => {
  it('formats 206 and 416 values', () => {
    expect(formatContentRange({ start: 10, end: 19 }, 100)).toBe('bytes 10-19/100');
    expect(formatUnsatisfiedRange(100)).toBe('bytes */100');
  });
});

describe('parseContentRange', () => {
  it.each([
    ['0-99', { start: 0, end: 99 }],
    [' 100-199 ', { start: 100, end: 199 }],
    ['5-5', { start: 5, end: 5 }],
    ['bytes 0-99/*', { start: 0, end: 99 }],
    ['bytes 0-99/100', { start: 0, end: 99 }],
    ['bytes=0-99', { start: 0, end: 99 }],
    ['BYTES=10-20', { start: 10, end: 20 }],
  ])('parses %p', (header, expected) => {
    expect(parseContentRange(header)).toEqual(expected);
  });

  it.each([
    '',
    '0-',
    '-99',
    'a-b',
    '0-99/100',
    'bytes 0-99',
    'bytes */100',
    '1 - 2',
    '0-1-2',
    '99999999999999999999-99999999999999999999',
  ])('rejects %p as BLOB_UPLOAD_INVALID', (header) => {
    expect(thrown(() => parseContentRange(header), ErrorCode.BLOB_UPLOAD_INVALID).message).toMatch(
      /Content-Range/,
    );
  });

  it('rejects a range that ends before it starts, or past its total, as RANGE_INVALID', () => {
    expect(thrown(() => parseContentRange('10-5'), ErrorCode.RANGE_INVALID).message).toMatch(
      /ends before it starts/,
    );
    expect(thrown(() => parseContentRange('bytes 0-100/100'), ErrorCode.RANGE_INVALID).message).toMatch(
      /past its total/,
    );
  });

  it('rejects a missing header without crashing', () => {
    thrown(() => parseContentRange(undefined as unknown as string), ErrorCode.BLOB_UPLOAD_INVALID);
  });
});

describe('validateChunkRange', () => {
  it('accepts the next chunk in order with a matching length', () => {
    expect(() => validateChunkRange({ start: 0, end: 9 }, 0, 10)).not.toThrow();
    expect(() => validateChunkRange({ start: 10, end: 19 }, 10)).not.toThrow();
  });

  it('rejects a chunk out of order with RANGE_INVALID (416)', () => {
    const error = thrown(() => validateChunkRange({ start: 20, end: 29 }, 10), ErrorCode.RANGE_INVALID);
    expect(error.message).toBe(
      'chunk starts at byte 20 but the upload has 10 bytes; chunks must be sent in order',
    );
    thrown(() => validateChunkRange({ start: 0, end: 9 }, 10), ErrorCode.RANGE_INVALID);
  });

  it('rejects a Content-Length that disagrees with the range with SIZE_INVALID', () => {
    expect(thrown(() => validateChunkRange({ start: 0, end: 9 }, 0, 9), ErrorCode.SIZE_INVALID).message).toBe(
      'Content-Length is 9 but Content-Range covers 10 bytes',
    );
  });
});

describe('formatUploadRange', () => {
  it('reports the bytes received as 0-<size-1>', () => {
    expect(formatUploadRange(1)).toBe('0-0');
    expect(formatUploadRange(1024)).toBe('0-1023');
  });

  it('reports an empty upload as 0-0, as distribution does', () => {
    expect(formatUploadRange(0)).toBe('0-0');
  });

  it('refuses a negative size', () => {
    expect(() => formatUploadRange(-1)).toThrow(RangeError);
  });
});
