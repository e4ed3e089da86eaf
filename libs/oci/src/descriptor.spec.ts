import { BerthError, ErrorCode } from '@berth/errors';
import { descriptorOf, parseDescriptor } from './descriptor';
import { digestOf } from './digest';
import { EMPTY_JSON_DESCRIPTOR, MediaType } from './media-types';

const LAYER = {
  mediaType: MediaType.OCI_LAYER_TAR_GZIP,
  digest: digestOf('layer'),
  size: 5,
};

function invalid(value: unknown): BerthError {
  try {
    parseDescriptor(value, 'layers[0]');
  } catch (err) {
    if (BerthError.is(err, ErrorCode.MANIFEST_INVALID)) return err;
    throw err;
  }
  throw new Error('expected MANIFEST_INVALID, nothing was thrown');
}

describe('parseDescriptor', () => {
  it('keeps known fields and drops unknown ones', () => {
    const descriptor = {
      ...LAYER,
      urls: ['https://example.com/layer'],
      annotations: { 'org.opencontainers.image.title': 'layer.tar.gz' },
      platform: { architecture: 'arm64', os: 'linux', variant: 'v8', 'os.features': ['x'], features: [] },
      artifactType: 'application/vnd.example+json',
      unknown: 'dropped',
    };
    const { unknown: _dropped, ...known } = descriptor;
    expect(parseDescriptor(descriptor, 'd')).toEqual(known);
  });

  it('treats null optional fields as absent', () => {
    expect(parseDescriptor({ ...LAYER, urls: null, annotations: null, platform: null }, 'd')).toEqual(LAYER);
  });

  it.each([
    ['not an object', [], 'layers[0] must be a descriptor object, got an array'],
    ['no mediaType', { ...LAYER, mediaType: undefined }, 'layers[0].mediaType is required'],
    ['bad mediaType', { ...LAYER, mediaType: 'gzip' }, /layers\[0\]\.mediaType must be a media type/],
    ['numeric mediaType', { ...LAYER, mediaType: 1 }, /mediaType must be a media type .*got 1$/],
    ['no digest', { ...LAYER, digest: undefined }, 'layers[0].digest must be a digest string, got undefined'],
    [
      'bad digest',
      { ...LAYER, digest: 'sha256:abc' },
      /layers\[0\]\.digest is invalid: sha256 digest must be 64/,
    ],
    ['unsupported algorithm', { ...LAYER, digest: `md5:${'a'.repeat(32)}` }, /"md5" is not supported/],
    ['negative size', { ...LAYER, size: -1 }, 'layers[0].size must be a non-negative integer, got -1'],
    ['fractional size', { ...LAYER, size: 1.5 }, /size must be a non-negative integer/],
    ['string size', { ...LAYER, size: '5' }, /size must be a non-negative integer, got the string "5"/],
    ['unsafe size', { ...LAYER, size: 2 ** 53 }, /size must be a non-negative integer/],
    ['urls not array', { ...LAYER, urls: 'https://x' }, /urls must be an array/],
    ['relative url', { ...LAYER, urls: ['/layer'] }, /urls\[0\] is not an absolute URL/],
    ['ftp url', { ...LAYER, urls: ['ftp://example.com/l'] }, /urls\[0\] must be an http or https URL/],
    ['url with fragment', { ...LAYER, urls: ['https://example.com/l#frag'] }, /without a fragment/],
    [
      'annotation not string',
      { ...LAYER, annotations: { a: 1 } },
      'layers[0].annotations["a"] must be a string, got 1',
    ],
    ['annotations array', { ...LAYER, annotations: ['a'] }, /annotations must be an object of strings/],
    [
      'platform without os',
      { ...LAYER, platform: { architecture: 'amd64' } },
      'layers[0].platform.os must be a string, got undefined',
    ],
    [
      'platform features',
      { ...LAYER, platform: { architecture: 'amd64', os: 'linux', features: [1] } },
      /platform\.features\[0\] must be a string/,
    ],
    ['bad artifactType', { ...LAYER, artifactType: '' }, /artifactType must be a media type/],
  ])('rejects %s', (_case, value, message) => {
    const error = invalid(value);
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
    expect(error.detail).toEqual({ field: expect.stringMatching(/^layers\[0\]/) });
  });

  it('keeps a "__proto__" annotation as data, not as a prototype', () => {
    const value = JSON.parse(
      `{"mediaType":"${LAYER.mediaType}","digest":"${LAYER.digest}","size":5,"annotations":{"__proto__":"x"}}`,
    );
    const { annotations } = parseDescriptor(value, 'd');
    expect(Object.getPrototypeOf(annotations)).toBe(Object.prototype);
    expect(Object.keys(annotations ?? {})).toEqual(['__proto__']);
    expect(annotations?.['__proto__']).toBe('x');
  });

  describe('embedded data', () => {
    it('accepts data matching size and digest', () => {
      const value = { ...EMPTY_JSON_DESCRIPTOR, data: Buffer.from('{}').toString('base64') };
      expect(parseDescriptor(value, 'config').data).toBe('e30=');
    });

    it('rejects data whose length differs from size', () => {
      expect(() => parseDescriptor({ ...EMPTY_JSON_DESCRIPTOR, size: 3, data: 'e30=' }, 'config')).toThrow(
        'config.data decodes to 2 bytes but size is 3',
      );
    });

    it('rejects data whose digest differs', () => {
      expect(() =>
        parseDescriptor({ ...EMPTY_JSON_DESCRIPTOR, data: Buffer.from('[]').toString('base64') }, 'config'),
      ).toThrow(/config\.data has digest sha256:4f53cda1/);
    });

    it('rejects data that is not base64', () => {
      expect(() => parseDescriptor({ ...EMPTY_JSON_DESCRIPTOR, data: 'e30' }, 'config')).toThrow(
        /standard base64/,
      );
      expect(() => parseDescriptor({ ...EMPTY_JSON_DESCRIPTOR, data: 'e3-=' }, 'config')).toThrow(
        /standard base64/,
      );
    });
  });
});

describe('descriptorOf', () => {
  it('describes a payload by digest and byte size', () => {
    const payload = Buffer.from('{"schemaVersion":2,"note":"héllo"}');
    expect(descriptorOf(payload, MediaType.OCI_MANIFEST)).toEqual({
      mediaType: MediaType.OCI_MANIFEST,
      digest: digestOf(payload),
      size: payload.byteLength,
    });
  });

  it('counts bytes, not characters, for string payloads, and can use sha512', () => {
    const descriptor = descriptorOf('é', 'text/plain', { algorithm: 'sha512' });
    expect(descriptor.size).toBe(2);
    expect(descriptor.digest).toBe(digestOf(Buffer.from('é'), 'sha512'));
  });

  it('adds artifactType, non-empty annotations and platform', () => {
    const platform = { architecture: 'amd64', os: 'linux' };
    expect(
      descriptorOf('x', 'a/b', { artifactType: 'c/d', annotations: { k: 'v' }, platform }),
    ).toMatchObject({
      artifactType: 'c/d',
      annotations: { k: 'v' },
      platform,
    });
    expect(descriptorOf('x', 'a/b', { annotations: {} })).not.toHaveProperty('annotations');
  });
});
