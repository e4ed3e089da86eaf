import { BerthError, ErrorCode } from '@berth/errors';
import { digestOf } from './digest';
import { parseManifest, referencedBlobs, referencedManifests, referrerDescriptor } from './manifest';
import { EMPTY_JSON_DESCRIPTOR, MediaType } from './media-types';

const blob = (name: string, mediaType: string = MediaType.OCI_LAYER_TAR_GZIP) => ({
  mediaType,
  digest: digestOf(name),
  size: name.length,
});
const CONFIG = blob('config', MediaType.OCI_CONFIG);
const LAYER_A = blob('a');
const LAYER_B = blob('b');

const ociManifest = (extra: Record<string, unknown> = {}) => ({
  schemaVersion: 2,
  mediaType: MediaType.OCI_MANIFEST,
  config: CONFIG,
  layers: [LAYER_A, LAYER_B],
  ...extra,
});
const ociIndex = (extra: Record<string, unknown> = {}) => ({
  schemaVersion: 2,
  mediaType: MediaType.OCI_INDEX,
  manifests: [{ ...blob('amd64', MediaType.OCI_MANIFEST), platform: { architecture: 'amd64', os: 'linux' } }],
  ...extra,
});
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

function rejection(payload: unknown, contentType?: string): BerthError {
  const bytes = Buffer.isBuffer(payload) ? payload : json(payload);
  try {
    parseManifest(bytes, contentType);
  } catch (err) {
    if (BerthError.is(err, ErrorCode.MANIFEST_INVALID)) return err;
    throw err;
  }
  throw new Error('expected MANIFEST_INVALID, nothing was thrown');
}

describe('parseManifest: image manifests', () => {
  it('normalizes an OCI image manifest', () => {
    const annotations = { 'org.opencontainers.image.created': '2024-01-01T00:00:00Z' };
    expect(parseManifest(json(ociManifest({ annotations })), MediaType.OCI_MANIFEST)).toEqual({
      mediaType: MediaType.OCI_MANIFEST,
      kind: 'image',
      schemaVersion: 2,
      config: CONFIG,
      layers: [LAYER_A, LAYER_B],
      manifests: [],
      artifactType: MediaType.OCI_CONFIG,
      annotations,
    });
  });

  it('normalizes a Docker schema 2 manifest', () => {
    const config = blob('config', MediaType.DOCKER_CONFIG);
    const layer = blob('layer', MediaType.DOCKER_LAYER);
    const body = { schemaVersion: 2, mediaType: MediaType.DOCKER_MANIFEST, config, layers: [layer] };
    expect(parseManifest(json(body), MediaType.DOCKER_MANIFEST)).toMatchObject({
      mediaType: MediaType.DOCKER_MANIFEST,
      kind: 'image',
      config,
      layers: [layer],
      annotations: {},
    });
  });

  it('accepts an artifact with the empty config and no layers, taking artifactType from the field', () => {
    const body = ociManifest({
      config: EMPTY_JSON_DESCRIPTOR,
      layers: [],
      artifactType: 'application/vnd.example.sbom+json',
    });
    const parsed = parseManifest(json(body), MediaType.OCI_MANIFEST);
    expect(parsed.layers).toEqual([]);
    expect(parsed.artifactType).toBe('application/vnd.example.sbom+json');
  });

  it('falls back to config.mediaType for artifactType, as the referrers API does', () => {
    const helm = ociManifest({ config: blob('chart', 'application/vnd.cncf.helm.config.v1+json') });
    expect(parseManifest(json(helm)).artifactType).toBe('application/vnd.cncf.helm.config.v1+json');
    const empty = ociManifest({ config: EMPTY_JSON_DESCRIPTOR });
    expect(parseManifest(json(empty)).artifactType).toBe(MediaType.OCI_EMPTY);
  });

  it('parses the subject of a referrer', () => {
    const subject = blob('subject', MediaType.OCI_MANIFEST);
    expect(parseManifest(json(ociManifest({ subject }))).subject).toEqual(subject);
    expect(parseManifest(json(ociManifest({ subject: null })))).not.toHaveProperty('subject');
  });

  it.each([
    ['config missing', ociManifest({ config: undefined }), 'config is required in an image manifest'],
    [
      'layers missing',
      ociManifest({ layers: undefined }),
      'layers is required in an image manifest (it may be empty)',
    ],
    [
      'layers not an array',
      ociManifest({ layers: {} }),
      'layers must be an array of descriptors, got an object',
    ],
    [
      'bad layer',
      ociManifest({ layers: [LAYER_A, { ...LAYER_B, size: -2 }] }),
      'layers[1].size must be a non-negative integer, got -2',
    ],
    [
      'bad config digest',
      ociManifest({ config: { ...CONFIG, digest: 'sha256:xyz' } }),
      /^config\.digest is invalid/,
    ],
    [
      'manifests in an image',
      ociManifest({ manifests: [] }),
      /manifests is not allowed in an image manifest/,
    ],
    [
      'bad subject',
      ociManifest({ subject: 'sha256:abc' }),
      'subject must be a descriptor object, got the string "sha256:abc"',
    ],
    [
      'bad annotations',
      ociManifest({ annotations: { a: true } }),
      'annotations["a"] must be a string, got true',
    ],
    ['bad artifactType', ociManifest({ artifactType: 'sbom' }), /^artifactType must be a media type/],
  ])('rejects %s', (_case, body, message) => {
    const error = rejection(body, MediaType.OCI_MANIFEST);
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
  });
});

describe('parseManifest: indexes', () => {
  it('normalizes an OCI index', () => {
    const parsed = parseManifest(json(ociIndex({ annotations: { a: 'b' } })), MediaType.OCI_INDEX);
    expect(parsed).toEqual({
      mediaType: MediaType.OCI_INDEX,
      kind: 'index',
      schemaVersion: 2,
      layers: [],
      manifests: ociIndex().manifests,
      annotations: { a: 'b' },
    });
    expect(parsed.artifactType).toBeUndefined();
  });

  it('normalizes a Docker manifest list and reads an index artifactType', () => {
    const body = { ...ociIndex(), mediaType: MediaType.DOCKER_MANIFEST_LIST };
    expect(parseManifest(json(body), MediaType.DOCKER_MANIFEST_LIST).kind).toBe('index');
    expect(parseManifest(json(ociIndex({ artifactType: 'application/vnd.x+json' }))).artifactType).toBe(
      'application/vnd.x+json',
    );
  });

  it('accepts an empty index', () => {
    expect(parseManifest(json(ociIndex({ manifests: [] }))).manifests).toEqual([]);
  });

  it.each([
    [
      'manifests missing',
      ociIndex({ manifests: undefined }),
      'manifests is required in an index (it may be empty)',
    ],
    [
      'manifests not an array',
      ociIndex({ manifests: 'x' }),
      'manifests must be an array of descriptors, got the string "x"',
    ],
    [
      'bad child platform',
      ociIndex({ manifests: [{ ...CONFIG, platform: { os: 'linux' } }] }),
      'manifests[0].platform.architecture must be a string, got undefined',
    ],
    ['layers in an index', ociIndex({ layers: [] }), /layers is not allowed in an index/],
    ['config in an index', ociIndex({ config: CONFIG }), /config is not allowed in an index/],
  ])('rejects %s', (_case, body, message) => {
    const error = rejection(body, MediaType.OCI_INDEX);
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
  });
});

describe('parseManifest: media type resolution', () => {
  it('takes the Content-Type, ignoring parameters and case', () => {
    const { mediaType: _omit, ...body } = ociManifest();
    expect(
      parseManifest(json(body), 'Application/VND.OCI.image.manifest.v1+json; charset=utf-8').mediaType,
    ).toBe(MediaType.OCI_MANIFEST);
  });

  it.each([undefined, '', 'application/json', 'application/octet-stream'])(
    'uses the body mediaType when the Content-Type is %p',
    (contentType) => {
      expect(parseManifest(json(ociIndex()), contentType).mediaType).toBe(MediaType.OCI_INDEX);
    },
  );

  it('infers OCI types from the shape when neither says', () => {
    const { mediaType: _a, ...image } = ociManifest();
    const { mediaType: _b, ...index } = ociIndex();
    expect(parseManifest(json(image)).mediaType).toBe(MediaType.OCI_MANIFEST);
    expect(parseManifest(json(index), 'application/json').mediaType).toBe(MediaType.OCI_INDEX);
  });

  it('rejects a Content-Type that disagrees with the body', () => {
    expect(rejection(ociManifest(), MediaType.OCI_INDEX).message).toBe(
      `mediaType "${MediaType.OCI_MANIFEST}" does not match the Content-Type "${MediaType.OCI_INDEX}"`,
    );
    expect(rejection(ociManifest(), MediaType.DOCKER_MANIFEST).detail).toEqual({ field: 'mediaType' });
  });

  it('rejects Docker types without mediaType in the body', () => {
    const { mediaType: _omit, ...body } = ociManifest();
    expect(rejection(body, MediaType.DOCKER_MANIFEST).message).toBe(
      `mediaType is required in a Docker schema 2 manifest and must be "${MediaType.DOCKER_MANIFEST}"`,
    );
  });

  it.each([
    ['by Content-Type', ociManifest(), MediaType.DOCKER_SCHEMA1_SIGNED_MANIFEST],
    ['by body mediaType', ociManifest({ mediaType: MediaType.DOCKER_SCHEMA1_MANIFEST }), undefined],
    [
      'by schemaVersion 1',
      { schemaVersion: 1, name: 'org/app', tag: 'latest', fsLayers: [] },
      'application/json',
    ],
  ])('refuses Docker schema 1 %s, saying so', (_case, body, contentType) => {
    expect(rejection(body, contentType).message).toMatch(/^Docker schema 1 manifests are not supported/);
  });

  it.each([
    [
      'unknown Content-Type',
      ociManifest({ mediaType: undefined }),
      'application/vnd.oci.artifact.manifest.v1+json',
      /media type "application\/vnd\.oci\.artifact\.manifest\.v1\+json" is not supported/,
    ],
    [
      'unknown body mediaType',
      ociManifest({ mediaType: 'application/vnd.example+json' }),
      undefined,
      /is not supported; use one of/,
    ],
    ['non-string mediaType', ociManifest({ mediaType: 2 }), undefined, 'mediaType must be a string, got 2'],
    [
      'ambiguous shape',
      { schemaVersion: 2, config: CONFIG, layers: [], manifests: [] },
      undefined,
      /has both "manifests" and "config"\/"layers"/,
    ],
    ['no clue at all', { schemaVersion: 2 }, undefined, /neither Content-Type, mediaType nor the fields/],
  ])('rejects %s', (_case, body, contentType, message) => {
    const error = rejection(body, contentType);
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
  });
});

describe('parseManifest: the document', () => {
  it.each([
    ['empty', Buffer.alloc(0), 'manifest body is empty'],
    ['not JSON', Buffer.from('{"schemaVersion":'), /^manifest is not valid JSON/],
    ['an array', Buffer.from('[]'), 'manifest must be a JSON object, got an array'],
    ['null', Buffer.from('null'), 'manifest must be a JSON object, got null'],
    ['a string', Buffer.from('"manifest"'), /must be a JSON object, got the string/],
  ])('rejects a body that is %s', (_case, payload, message) => {
    const error = rejection(payload, MediaType.OCI_MANIFEST);
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
  });

  it.each([
    [undefined, 'schemaVersion is required and must be 2'],
    [3, 'schemaVersion must be 2, got 3'],
    ['2', 'schemaVersion must be 2, got the string "2"'],
  ])('rejects schemaVersion %p', (schemaVersion, message) => {
    expect(rejection(ociManifest({ schemaVersion })).message).toBe(message);
  });

  it('accepts a Uint8Array or string payload', () => {
    expect(parseManifest(new Uint8Array(json(ociIndex()))).kind).toBe('index');
    expect(parseManifest(JSON.stringify(ociManifest())).kind).toBe('image');
  });
});

describe('referencedBlobs and referencedManifests', () => {
  it('lists config then layers, each digest once', () => {
    const parsed = parseManifest(json(ociManifest({ layers: [LAYER_A, LAYER_B, LAYER_A] })));
    expect(referencedBlobs(parsed)).toEqual([CONFIG, LAYER_A, LAYER_B]);
  });

  it('leaves out foreign layers that have urls, but not those without', () => {
    const foreign = { ...blob('win', MediaType.DOCKER_FOREIGN_LAYER), urls: ['https://mcr.microsoft.com/l'] };
    const nondistributableNoUrls = blob('nd', MediaType.OCI_LAYER_NONDISTRIBUTABLE_TAR_GZIP);
    const regularWithUrls = { ...LAYER_B, urls: ['https://example.com/b'] };
    const parsed = parseManifest(
      json(ociManifest({ layers: [foreign, nondistributableNoUrls, regularWithUrls] })),
    );
    expect(referencedBlobs(parsed).map((d) => d.digest)).toEqual([
      CONFIG.digest,
      nondistributableNoUrls.digest,
      LAYER_B.digest,
    ]);
  });

  it('lists index children as manifests, not blobs', () => {
    const child = ociIndex().manifests[0];
    const parsed = parseManifest(json(ociIndex({ manifests: [child, child] })));
    expect(referencedBlobs(parsed)).toEqual([]);
    expect(referencedManifests(parsed)).toEqual([child]);
  });
});

describe('referrerDescriptor', () => {
  it('describes the payload as pushed, with artifactType and annotations', () => {
    const payload = json(
      ociManifest({
        config: EMPTY_JSON_DESCRIPTOR,
        artifactType: 'application/vnd.x+json',
        annotations: { k: 'v' },
      }),
    );
    expect(referrerDescriptor(payload, parseManifest(payload))).toEqual({
      mediaType: MediaType.OCI_MANIFEST,
      digest: digestOf(payload),
      size: payload.byteLength,
      artifactType: 'application/vnd.x+json',
      annotations: { k: 'v' },
    });
  });
});
