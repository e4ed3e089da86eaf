import { ErrorCode } from '@berth/errors';
import { assertValidKey, blobKey, isValidKey, uploadDir, uploadKey } from './blob-key';

describe('blob keys', () => {
  it('lays blobs out by algorithm and first two characters of the encoded digest', () => {
    const hex = 'ab'.padEnd(64, '0');
    expect(blobKey(`sha256:${hex}`)).toBe(`blobs/sha256/ab/${hex}`);
    expect(blobKey('sha512:cdef')).toBe('blobs/sha512/cd/cdef');
    expect(isValidKey(blobKey(`sha256:${hex}`))).toBe(true);
  });

  it.each(['', 'sha256', 'sha256:', ':abcd', 'SHA256:abcd', 'sha256:a', 'sha256:ab/cd', 'sha256:../x'])(
    'rejects the digest %j',
    (digest) => {
      expect(() => blobKey(digest)).toThrow(expect.objectContaining({ code: ErrorCode.DIGEST_INVALID }));
    },
  );

  it('puts upload data under the upload directory', () => {
    expect(uploadDir('3f1c2a4e-0b8d-4c1f-9d2e-7a6b5c4d3e2f')).toBe(
      'uploads/3f1c2a4e-0b8d-4c1f-9d2e-7a6b5c4d3e2f',
    );
    expect(uploadKey('3f1c2a4e-0b8d-4c1f-9d2e-7a6b5c4d3e2f')).toBe(
      'uploads/3f1c2a4e-0b8d-4c1f-9d2e-7a6b5c4d3e2f/data',
    );
    expect(() => uploadKey('../etc')).toThrow(
      expect.objectContaining({ code: ErrorCode.BLOB_UPLOAD_INVALID }),
    );
    expect(() => uploadKey('')).toThrow(expect.objectContaining({ code: ErrorCode.BLOB_UPLOAD_INVALID }));
  });

  it('names the problem with an invalid key', () => {
    expect(() => assertValidKey('a/../b')).toThrow(/relative segment/);
    expect(() => assertValidKey('a/b.parts/1')).toThrow(/\.parts/);
  });
});
