import { BerthError, ErrorCode } from '@berth/errors';
import type { MetadataClient } from '@berth/metadata-client';
import { digestOf, EMPTY_JSON_DESCRIPTOR, MediaType } from '@berth/oci';
import { type BlobDriver, blobKey } from '@berth/storage';
import { Readable } from 'node:stream';
import { ManifestCache } from './manifest-cache';
import type { ManifestsRepository } from './manifests.repository';
import { MANIFEST_MAX_BYTES, ManifestsService } from './manifests.service';

const REPO = 'team/app';
const blob = (text: string, mediaType: string = MediaType.OCI_LAYER_TAR_GZIP) => ({
  mediaType,
  digest: digestOf(text),
  size: Buffer.byteLength(text),
});
const CONFIG = blob('{"architecture":"amd64","os":"linux"}', MediaType.OCI_CONFIG);
const LAYER = blob('layer-1');

function ociManifest(extra: Record<string, unknown> = {}): Buffer {
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.OCI_MANIFEST,
      config: CONFIG,
      layers: [LAYER],
      ...extra,
    }),
  );
}

function setup(options: { blobs?: string[]; manifests?: string[]; stored?: boolean } = {}) {
  const linkedBlobs = new Set(options.blobs ?? [CONFIG.digest, LAYER.digest]);
  const linkedManifests = new Set(options.manifests ?? []);
  const manifests = {
    pushState: jest.fn(async (_repo: string, _digest: string, blobs: string[], children: string[]) => ({
      linkedBlobs: new Set(blobs.filter((d) => linkedBlobs.has(d))),
      linkedManifests: new Set(children.filter((d) => linkedManifests.has(d))),
      stored: options.stored ?? false,
    })),
    insertAndLink: jest.fn(async () => undefined),
    findLinked: jest.fn(async () => null as unknown),
    unlinkThen: jest.fn(
      async (_repo: string, _digest: string, then: () => Promise<void>) => (await then(), true),
    ),
  };
  const driver = {
    name: 'memory',
    put: jest.fn(async (_key: string, body: Readable) => {
      for await (const _chunk of body) void _chunk;
      return { size: 0 };
    }),
    read: jest.fn(async () => Readable.from([Buffer.from('stored')])),
  };
  const metadata = {
    recordImage: jest.fn(async () => ({ repositoryCreated: false })),
    deleteImage: jest.fn(async () => ({ removedTags: [] })),
  };
  const cache = new ManifestCache(1024 * 1024);
  const service = new ManifestsService(
    manifests as unknown as ManifestsRepository,
    driver as unknown as BlobDriver,
    metadata as unknown as MetadataClient,
    cache,
  );
  return { service, manifests, driver, metadata, cache };
}

async function codeOf(
  promise: Promise<unknown>,
): Promise<{ code: ErrorCode; detail: unknown; message: string }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof BerthError) return { code: err.code, detail: err.detail, message: err.message };
    throw err;
  }
  throw new Error('expected a BerthError');
}

const put = (payload: Buffer, reference = 'v1', mediaType: string = MediaType.OCI_MANIFEST) => ({
  repository: REPO,
  reference,
  mediaType,
  payload,
  actor: 'alice',
});

describe('ManifestsService.put', () => {
  it('stores an image manifest pushed by tag and records it with its tag, config and layers', async () => {
    const { service, driver, manifests, metadata } = setup();
    const payload = ociManifest({ annotations: { 'org.example': 'x' } });
    const digest = digestOf(payload);

    await expect(service.put(put(payload))).resolves.toEqual({ digest });

    expect(driver.put).toHaveBeenCalledWith(blobKey(digest), expect.any(Readable), {
      expectedSize: payload.byteLength,
    });
    expect(manifests.insertAndLink).toHaveBeenCalledWith(REPO, {
      digest,
      mediaType: MediaType.OCI_MANIFEST,
      size: payload.byteLength,
      storageKey: blobKey(digest),
    });
    expect(metadata.recordImage).toHaveBeenCalledWith({
      repository: REPO,
      manifest: {
        mediaType: MediaType.OCI_MANIFEST,
        digest,
        size: payload.byteLength,
        artifactType: MediaType.OCI_CONFIG,
        annotations: { 'org.example': 'x' },
        platform: undefined,
      },
      tag: 'v1',
      subject: undefined,
      config: { ...CONFIG, artifactType: undefined, annotations: {}, platform: undefined },
      layers: [{ ...LAYER, artifactType: undefined, annotations: {}, platform: undefined }],
      manifests: [],
      actor: 'alice',
    });
  });

  it('accepts a push by its own digest without a tag, and does not rewrite bytes already stored', async () => {
    const { service, driver, metadata } = setup({ stored: true });
    const payload = ociManifest();
    const digest = digestOf(payload);
    await expect(service.put(put(payload, digest))).resolves.toEqual({ digest });
    expect(driver.put).not.toHaveBeenCalled();
    expect(metadata.recordImage).toHaveBeenCalledWith(expect.objectContaining({ tag: undefined }));
  });

  it('computes a sha512 digest when the reference is a sha512 digest', async () => {
    const { service } = setup();
    const payload = ociManifest();
    const digest = digestOf(payload, 'sha512');
    await expect(service.put(put(payload, digest))).resolves.toEqual({ digest });
  });

  it('refuses a digest reference that is not the digest of the payload', async () => {
    const { service, driver, metadata } = setup();
    const other = digestOf('something else');
    const error = await codeOf(service.put(put(ociManifest(), other)));
    expect(error.code).toBe(ErrorCode.DIGEST_INVALID);
    expect(error.detail).toEqual({ expected: other, actual: digestOf(ociManifest()) });
    expect(driver.put).not.toHaveBeenCalled();
    expect(metadata.recordImage).not.toHaveBeenCalled();
  });

  it('refuses invalid tags, digests and repository names', async () => {
    const { service } = setup();
    expect((await codeOf(service.put(put(ociManifest(), '-bad')))).code).toBe(ErrorCode.TAG_INVALID);
    expect((await codeOf(service.put(put(ociManifest(), 'sha256:abc')))).code).toBe(ErrorCode.DIGEST_INVALID);
    expect((await codeOf(service.put({ ...put(ociManifest()), repository: 'Bad/Name' }))).code).toBe(
      ErrorCode.NAME_INVALID,
    );
  });

  it('reports the first blob the repository does not hold, and stores nothing', async () => {
    const { service, driver, manifests, metadata } = setup({ blobs: [CONFIG.digest] });
    const error = await codeOf(service.put(put(ociManifest())));
    expect(error.code).toBe(ErrorCode.MANIFEST_BLOB_UNKNOWN);
    expect(error.detail).toEqual({ digest: LAYER.digest });
    expect(driver.put).not.toHaveBeenCalled();
    expect(manifests.insertAndLink).not.toHaveBeenCalled();
    expect(metadata.recordImage).not.toHaveBeenCalled();
  });

  it('requires the empty config blob to have been pushed like any other blob', async () => {
    const { service } = setup({ blobs: [LAYER.digest] });
    const payload = ociManifest({
      artifactType: 'application/vnd.example+type',
      config: EMPTY_JSON_DESCRIPTOR,
    });
    expect(await codeOf(service.put(put(payload)))).toMatchObject({
      code: ErrorCode.MANIFEST_BLOB_UNKNOWN,
      detail: { digest: EMPTY_JSON_DESCRIPTOR.digest },
    });
  });

  it('does not require foreign layers that have urls', async () => {
    const { service, manifests } = setup({ blobs: [CONFIG.digest] });
    const foreign = {
      ...blob('windows-base', MediaType.DOCKER_FOREIGN_LAYER),
      urls: ['https://example.com/layer'],
    };
    const payload = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.DOCKER_MANIFEST,
        config: { ...CONFIG, mediaType: MediaType.DOCKER_CONFIG },
        layers: [foreign],
      }),
    );
    await expect(service.put(put(payload, 'v1', MediaType.DOCKER_MANIFEST))).resolves.toEqual({
      digest: digestOf(payload),
    });
    expect(manifests.pushState).toHaveBeenCalledWith(REPO, digestOf(payload), [CONFIG.digest], []);
  });

  it('checks the children of an index against the manifests of the repository and records their platforms', async () => {
    const child = {
      ...blob('child', MediaType.OCI_MANIFEST),
      platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
    };
    const payload = Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType: MediaType.OCI_INDEX, manifests: [child] }),
    );

    const missing = setup();
    expect(await codeOf(missing.service.put(put(payload, 'multi', MediaType.OCI_INDEX)))).toMatchObject({
      code: ErrorCode.MANIFEST_BLOB_UNKNOWN,
      detail: { digest: child.digest },
    });

    const present = setup({ manifests: [child.digest] });
    await present.service.put(put(payload, 'multi', MediaType.OCI_INDEX));
    expect(present.metadata.recordImage).toHaveBeenCalledWith(
      expect.objectContaining({
        config: undefined,
        layers: [],
        manifests: [
          {
            mediaType: MediaType.OCI_MANIFEST,
            digest: child.digest,
            size: child.size,
            artifactType: undefined,
            annotations: {},
            platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
          },
        ],
      }),
    );
  });

  it('does not require the subject to exist, and returns and records it', async () => {
    const { service, metadata } = setup();
    const subject = blob('some image', MediaType.OCI_MANIFEST);
    const payload = ociManifest({ subject });
    await expect(service.put(put(payload, digestOf(payload)))).resolves.toEqual({
      digest: digestOf(payload),
      subject: subject.digest,
    });
    expect(metadata.recordImage).toHaveBeenCalledWith(expect.objectContaining({ subject: subject.digest }));
  });

  it('refuses Docker schema 1 with a message that says so', async () => {
    const { service } = setup();
    const payload = Buffer.from(
      JSON.stringify({ schemaVersion: 1, name: 'team/app', tag: 'v1', fsLayers: [] }),
    );
    const error = await codeOf(service.put(put(payload, 'v1', MediaType.DOCKER_SCHEMA1_SIGNED_MANIFEST)));
    expect(error.code).toBe(ErrorCode.MANIFEST_INVALID);
    expect(error.message).toMatch(/schema 1/);
  });

  it('refuses payloads that are not JSON manifests', async () => {
    const { service } = setup();
    expect((await codeOf(service.put(put(Buffer.from('not json'))))).code).toBe(ErrorCode.MANIFEST_INVALID);
    expect((await codeOf(service.put(put(Buffer.from('{"schemaVersion":2}'))))).code).toBe(
      ErrorCode.MANIFEST_INVALID,
    );
  });

  it('accepts a 4,000,000-byte manifest and refuses one over the limit', async () => {
    const { service } = setup();
    const base = ociManifest({ annotations: { pad: '' } }).byteLength;
    const big = ociManifest({ annotations: { pad: 'x'.repeat(4_000_000 - base) } });
    expect(big.byteLength).toBe(4_000_000);
    await expect(service.put(put(big))).resolves.toEqual({ digest: digestOf(big) });

    const tooBig = ociManifest({ annotations: { pad: 'x'.repeat(MANIFEST_MAX_BYTES) } });
    expect(await codeOf(service.put(put(tooBig)))).toMatchObject({
      code: ErrorCode.MANIFEST_INVALID,
      detail: { size: tooBig.byteLength, limit: MANIFEST_MAX_BYTES },
    });
  });
});

describe('ManifestsService.get', () => {
  const record = (digest: string) => ({
    digest,
    mediaType: MediaType.OCI_MANIFEST,
    size: 6,
    storageKey: blobKey(digest),
  });

  it('reads the bytes once and serves them from the cache afterwards', async () => {
    const { service, manifests, driver } = setup();
    const digest = digestOf('stored');
    manifests.findLinked.mockResolvedValue(record(digest));
    for (let i = 0; i < 2; i++) {
      const got = await service.get(REPO, digest);
      expect(got).toEqual({ digest, mediaType: MediaType.OCI_MANIFEST, payload: Buffer.from('stored') });
    }
    expect(driver.read).toHaveBeenCalledTimes(1);
    expect(manifests.findLinked).toHaveBeenCalledTimes(2);
  });

  it('is MANIFEST_UNKNOWN when the repository does not hold it, DIGEST_INVALID for a malformed digest', async () => {
    const { service } = setup();
    expect((await codeOf(service.get(REPO, digestOf('x')))).code).toBe(ErrorCode.MANIFEST_UNKNOWN);
    expect((await codeOf(service.get(REPO, 'latest'))).code).toBe(ErrorCode.DIGEST_INVALID);
  });
});

describe('ManifestsService.delete', () => {
  const digest = digestOf('m');

  it('unlinks and deletes the image in metadata, tolerating an image metadata does not know', async () => {
    const { service, metadata } = setup();
    metadata.deleteImage.mockRejectedValueOnce(new BerthError(ErrorCode.MANIFEST_UNKNOWN));
    await expect(service.delete(REPO, digest, 'bob')).resolves.toBeUndefined();
    expect(metadata.deleteImage).toHaveBeenCalledWith({ repository: REPO, digest, actor: 'bob' });
  });

  it('fails (and so keeps the link) when metadata fails otherwise', async () => {
    const { service, metadata } = setup();
    metadata.deleteImage.mockRejectedValueOnce(new BerthError(ErrorCode.UNAVAILABLE));
    expect((await codeOf(service.delete(REPO, digest, 'bob'))).code).toBe(ErrorCode.UNAVAILABLE);
  });

  it('is MANIFEST_UNKNOWN when the repository does not hold it', async () => {
    const { service, manifests, metadata } = setup();
    manifests.unlinkThen.mockResolvedValueOnce(false);
    expect((await codeOf(service.delete(REPO, digest, 'bob'))).code).toBe(ErrorCode.MANIFEST_UNKNOWN);
    expect(metadata.deleteImage).not.toHaveBeenCalled();
  });
});
