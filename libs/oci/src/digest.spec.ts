import { createHash } from 'node:crypto';
import { BerthError, ErrorCode } from '@berth/errors';
import { createDigester, digestOf, isDigest, parseDigest } from './digest';

const SHA256_EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const SHA512_EMPTY =
  'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e';

function digestError(fn: () => unknown): BerthError {
  try {
    fn();
  } catch (err) {
    if (BerthError.is(err, ErrorCode.DIGEST_INVALID)) return err;
    throw err;
  }
  throw new Error('expected DIGEST_INVALID, nothing was thrown');
}

describe('parseDigest', () => {
  it('parses sha256 and sha512 digests', () => {
    expect(parseDigest(`sha256:${SHA256_EMPTY}`)).toEqual({
      algorithm: 'sha256',
      hex: SHA256_EMPTY,
      value: `sha256:${SHA256_EMPTY}`,
    });
    expect(parseDigest(`sha512:${SHA512_EMPTY}`)).toEqual({
      algorithm: 'sha512',
      hex: SHA512_EMPTY,
      value: `sha512:${SHA512_EMPTY}`,
    });
  });

  it.each([
    ['empty', '', /non-empty/],
    ['no colon', SHA256_EMPTY, /<algorithm>:<hex>/],
    ['empty algorithm', `:${SHA256_EMPTY}`, /malformed/],
    ['empty encoded part', 'sha256:', /malformed/],
    ['second colon', `sha256:${SHA256_EMPTY}:x`, /malformed/],
    ['uppercase algorithm', `SHA256:${SHA256_EMPTY}`, /malformed/],
    ['unregistered algorithm', `blake3:${SHA256_EMPTY}`, /"blake3" is not supported/],
    ['well-formed but unknown', 'sha384+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564', /not supported/],
    ['uppercase hex', `sha256:${SHA256_EMPTY.toUpperCase()}`, /64 lowercase hex/],
    ['short hex', `sha256:${SHA256_EMPTY.slice(1)}`, /64 lowercase hex/],
    ['long hex', `sha256:${SHA256_EMPTY}0`, /64 lowercase hex/],
    ['sha256-length sha512', `sha512:${SHA256_EMPTY}`, /128 lowercase hex/],
    ['non-hex in range', `sha256:${'g'.repeat(64)}`, /64 lowercase hex/],
    ['whitespace', ` sha256:${SHA256_EMPTY}`, /malformed/],
  ])('rejects %s with DIGEST_INVALID', (_case, input, message) => {
    expect(digestError(() => parseDigest(input)).message).toMatch(message);
  });

  it('rejects a non-string at run time instead of crashing', () => {
    expect(digestError(() => parseDigest(42 as unknown as string)).message).toMatch(/string/);
  });

  it('clips a huge input in the message', () => {
    const error = digestError(() => parseDigest('x'.repeat(100_000)));
    expect(error.message.length).toBeLessThan(200);
  });
});

describe('isDigest', () => {
  it('answers without throwing', () => {
    expect(isDigest(`sha256:${SHA256_EMPTY}`)).toBe(true);
    expect(isDigest(`md5:${'a'.repeat(32)}`)).toBe(false);
    expect(isDigest(undefined)).toBe(false);
    expect(isDigest({})).toBe(false);
  });
});

describe('createDigester', () => {
  it('hashes incrementally and formats algorithm:hex', () => {
    const digester = createDigester();
    digester.update('hello ').update(Buffer.from('world'));
    const expected = createHash('sha256').update('hello world').digest('hex');
    expect(digester.algorithm).toBe('sha256');
    expect(digester.digest()).toBe(`sha256:${expected}`);
    expect(digester.digest()).toBe(`sha256:${expected}`);
  });

  it('exposes the node hash for streaming', () => {
    const digester = createDigester('sha512');
    digester.hash.update('');
    expect(digester.digest()).toBe(`sha512:${SHA512_EMPTY}`);
  });

  it('refuses to update after digest()', () => {
    const digester = createDigester();
    digester.digest();
    expect(() => digester.update('late')).toThrow();
  });

  it('rejects an unsupported algorithm with DIGEST_INVALID', () => {
    expect(digestError(() => createDigester('md5' as never)).message).toMatch(/"md5" is not supported/);
  });
});

describe('digestOf', () => {
  it('digests buffers, byte arrays and strings', () => {
    expect(digestOf(Buffer.alloc(0))).toBe(`sha256:${SHA256_EMPTY}`);
    expect(digestOf(new Uint8Array(0), 'sha512')).toBe(`sha512:${SHA512_EMPTY}`);
    expect(digestOf('{}')).toBe('sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });

  it('produces digests that parseDigest accepts', () => {
    for (const algorithm of ['sha256', 'sha512'] as const) {
      expect(parseDigest(digestOf('payload', algorithm)).algorithm).toBe(algorithm);
    }
  });
});
