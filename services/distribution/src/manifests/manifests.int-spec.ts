import { BerthError, ErrorCode } from '@berth/errors';
import { digestOf, EMPTY_JSON, EMPTY_JSON_DESCRIPTOR, MediaType } from '@berth/oci';
import { Readable } from 'node:stream';
import { type DistributionHarness, errorOf, startDistribution } from '../../test/distribution-harness';

jest.setTimeout(60_000);

const REPO = 'team/app';
let h: DistributionHarness;
beforeAll(async () => {
  h = await startDistribution();
});
afterAll(async () => {
  await h?.close();
});

/** Pushes a blob as the gateway does and returns its descriptor. */
async function pushBlob(repository: string, content: string, mediaType: string) {
  const data = Buffer.from(content);
  const { session } = await h.client.startUpload({ repository });
  await h.driver.append(session?.storageKey ?? '', Readable.from([data]), 0);
  await h.client.commitUpload({
    repository,
    uploadId: session?.id ?? '',
    digest: digestOf(data),
    size: data.byteLength,
  });
  return { mediaType, digest: digestOf(data), size: data.byteLength };
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const putManifest = (payload: Buffer, reference: string, mediaType: string, repository = REPO) =>
  h.client.putManifest({ repository, reference, mediaType, payload, actor: 'alice' });

describe('manifests', () => {
  let ociImage: Buffer;
  let dockerImage: Buffer;

  beforeAll(async () => {
    const config = await pushBlob(
      REPO,
      '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}',
      MediaType.OCI_CONFIG,
    );
    const layer = await pushBlob(REPO, 'layer tarball', MediaType.OCI_LAYER_TAR_GZIP);
    ociImage = json({ schemaVersion: 2, mediaType: MediaType.OCI_MANIFEST, config, layers: [layer] });
    const dockerConfig = await pushBlob(
      REPO,
      '{"architecture":"arm64","os":"linux"}',
      MediaType.DOCKER_CONFIG,
    );
    dockerImage = json({
      schemaVersion: 2,
      mediaType: MediaType.DOCKER_MANIFEST,
      config: dockerConfig,
      layers: [{ ...layer, mediaType: MediaType.DOCKER_LAYER }],
    });
  });

  it('refuses a manifest whose blobs the repository does not hold', async () => {
    const config = await pushBlob('team/elsewhere', '{"os":"linux"}', MediaType.OCI_CONFIG);
    const payload = json({ schemaVersion: 2, mediaType: MediaType.OCI_MANIFEST, config, layers: [] });
    const error = await errorOf(putManifest(payload, 'v0', MediaType.OCI_MANIFEST));
    expect(error.code).toBe(ErrorCode.MANIFEST_BLOB_UNKNOWN);
    expect(error.detail).toEqual({ digest: config.digest });
    expect((await errorOf(h.client.getManifest({ repository: REPO, digest: digestOf(payload) }))).code).toBe(
      ErrorCode.MANIFEST_UNKNOWN,
    );
  });

  it('stores an OCI manifest pushed by tag, records it in metadata and serves it by digest', async () => {
    const digest = digestOf(ociImage);
    await expect(putManifest(ociImage, 'v1', MediaType.OCI_MANIFEST)).resolves.toMatchObject({ digest });
    expect(h.metadata.recorded.at(-1)).toMatchObject({
      repository: REPO,
      tag: 'v1',
      actor: 'alice',
      manifest: {
        mediaType: MediaType.OCI_MANIFEST,
        digest,
        size: ociImage.byteLength,
        artifactType: MediaType.OCI_CONFIG,
      },
    });
    const { manifest } = await h.client.getManifest({ repository: REPO, digest });
    expect(manifest?.mediaType).toBe(MediaType.OCI_MANIFEST);
    expect(Buffer.from(manifest?.payload ?? [])).toEqual(ociImage);
    expect((await errorOf(h.client.getManifest({ repository: 'team/other', digest }))).code).toBe(
      ErrorCode.MANIFEST_UNKNOWN,
    );
    expect((await errorOf(h.client.getManifest({ repository: REPO, digest: 'v1' }))).code).toBe(
      ErrorCode.DIGEST_INVALID,
    );
  });

  it('accepts the same manifest again (idempotent)', async () => {
    const digest = digestOf(ociImage);
    await expect(putManifest(ociImage, 'v1-again', MediaType.OCI_MANIFEST)).resolves.toMatchObject({
      digest,
    });
    expect(await h.sql('SELECT digest FROM distribution.manifests WHERE digest = $1', [digest])).toHaveLength(
      1,
    );
  });

  it('stores a Docker schema 2 manifest pushed by digest', async () => {
    const digest = digestOf(dockerImage);
    await expect(putManifest(dockerImage, digest, MediaType.DOCKER_MANIFEST)).resolves.toMatchObject({
      digest,
    });
    expect(h.metadata.recorded.at(-1)?.tag ?? undefined).toBeUndefined();
    const { manifest } = await h.client.getManifest({ repository: REPO, digest });
    expect(manifest?.mediaType).toBe(MediaType.DOCKER_MANIFEST);
    expect(Buffer.from(manifest?.payload ?? [])).toEqual(dockerImage);
  });

  it('refuses a digest reference that is not the digest of the payload', async () => {
    const error = await errorOf(putManifest(ociImage, digestOf('other bytes'), MediaType.OCI_MANIFEST));
    expect(error.code).toBe(ErrorCode.DIGEST_INVALID);
  });

  it('stores an index whose children are in the repository, and refuses one whose child is not', async () => {
    const child = (payload: Buffer, mediaType: string, architecture: string) => ({
      mediaType,
      digest: digestOf(payload),
      size: payload.byteLength,
      platform: { os: 'linux', architecture },
    });
    const index = json({
      schemaVersion: 2,
      mediaType: MediaType.OCI_INDEX,
      manifests: [
        child(ociImage, MediaType.OCI_MANIFEST, 'amd64'),
        child(dockerImage, MediaType.DOCKER_MANIFEST, 'arm64'),
      ],
    });
    const digest = digestOf(index);
    await expect(putManifest(index, 'multi', MediaType.OCI_INDEX)).resolves.toMatchObject({ digest });
    expect(h.metadata.recorded.at(-1)?.manifests.map((m) => [m.digest, m.platform?.architecture])).toEqual([
      [digestOf(ociImage), 'amd64'],
      [digestOf(dockerImage), 'arm64'],
    ]);
    const { manifest } = await h.client.getManifest({ repository: REPO, digest });
    expect(Buffer.from(manifest?.payload ?? [])).toEqual(index);

    const stranger = json({
      schemaVersion: 2,
      mediaType: MediaType.OCI_MANIFEST,
      config: EMPTY_JSON_DESCRIPTOR,
      layers: [],
    });
    const broken = json({
      schemaVersion: 2,
      mediaType: MediaType.OCI_INDEX,
      manifests: [child(stranger, MediaType.OCI_MANIFEST, 'amd64')],
    });
    const error = await errorOf(putManifest(broken, 'broken', MediaType.OCI_INDEX));
    expect(error.code).toBe(ErrorCode.MANIFEST_BLOB_UNKNOWN);
    expect(error.detail).toEqual({ digest: digestOf(stranger) });
  });

  it('stores an artifact whose subject does not exist (yet), once its empty config blob is pushed', async () => {
    const subject = { mediaType: MediaType.OCI_MANIFEST, digest: digestOf('not pushed'), size: 10 };
    const artifact = json({
      schemaVersion: 2,
      mediaType: MediaType.OCI_MANIFEST,
      artifactType: 'application/vnd.example.sbom',
      config: EMPTY_JSON_DESCRIPTOR,
      layers: [EMPTY_JSON_DESCRIPTOR],
      subject,
    });
    const digest = digestOf(artifact);
    expect((await errorOf(putManifest(artifact, digest, MediaType.OCI_MANIFEST))).code).toBe(
      ErrorCode.MANIFEST_BLOB_UNKNOWN,
    );
    await pushBlob(REPO, EMPTY_JSON, MediaType.OCI_EMPTY);
    await expect(putManifest(artifact, digest, MediaType.OCI_MANIFEST)).resolves.toEqual({
      digest,
      subject: subject.digest,
    });
    expect(h.metadata.recorded.at(-1)).toMatchObject({
      subject: subject.digest,
      manifest: { artifactType: 'application/vnd.example.sbom' },
    });
  });

  it('deletes a manifest from the repository and its image from metadata', async () => {
    const digest = digestOf(dockerImage);
    h.metadata.failNextDelete = new BerthError(ErrorCode.UNAVAILABLE, 'metadata is down');
    expect((await errorOf(h.client.deleteManifest({ repository: REPO, digest, actor: 'bob' }))).code).toBe(
      ErrorCode.UNAVAILABLE,
    );
    await expect(h.client.getManifest({ repository: REPO, digest })).resolves.toMatchObject({
      manifest: { digest },
    });

    h.metadata.failNextDelete = new BerthError(ErrorCode.MANIFEST_UNKNOWN);
    await expect(h.client.deleteManifest({ repository: REPO, digest, actor: 'bob' })).resolves.toEqual({});
    expect(h.metadata.deleted.at(-1)).toEqual({ repository: REPO, digest, actor: 'bob' });
    expect((await errorOf(h.client.getManifest({ repository: REPO, digest }))).code).toBe(
      ErrorCode.MANIFEST_UNKNOWN,
    );
    expect((await errorOf(h.client.deleteManifest({ repository: REPO, digest }))).code).toBe(
      ErrorCode.MANIFEST_UNKNOWN,
    );
    expect(h.metadata.deleted).toHaveLength(2);
  });

  it('deletes a whole repository: manifests and blobs are no longer readable there, elsewhere they are', async () => {
    const repo = 'team/doomed';
    const config = await pushBlob(repo, '{"os":"linux","doomed":true}', MediaType.OCI_CONFIG);
    const layer = await pushBlob(repo, 'doomed layer', MediaType.OCI_LAYER_TAR_GZIP);
    const kept = await pushBlob('team/survivor', 'doomed layer', MediaType.OCI_LAYER_TAR_GZIP);
    const payload = json({ schemaVersion: 2, mediaType: MediaType.OCI_MANIFEST, config, layers: [layer] });
    await h.client.putManifest({
      repository: repo,
      reference: 'v1',
      mediaType: MediaType.OCI_MANIFEST,
      payload,
      actor: 'a',
    });
    const digest = digestOf(payload);

    expect(await h.client.deleteRepository({ repository: repo })).toEqual({ deletedManifests: 1 });
    expect((await errorOf(h.client.getManifest({ repository: repo, digest }))).code).toBe(
      ErrorCode.MANIFEST_UNKNOWN,
    );
    expect((await errorOf(h.client.statBlob({ repository: repo, digest: layer.digest }))).code).toBe(
      ErrorCode.BLOB_UNKNOWN,
    );
    await expect(
      h.client.statBlob({ repository: 'team/survivor', digest: kept.digest }),
    ).resolves.toMatchObject({
      blob: { digest: kept.digest },
    });
    // Idempotent.
    expect(await h.client.deleteRepository({ repository: repo })).toEqual({ deletedManifests: 0 });
    expect((await errorOf(h.client.deleteRepository({ repository: 'Bad Name' }))).code).toBe(
      ErrorCode.NAME_INVALID,
    );
  });
});
