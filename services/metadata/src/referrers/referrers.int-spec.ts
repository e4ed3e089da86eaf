import { ErrorCode } from '@berth/errors';
import { codeOf, descriptor, digest, MetadataHarness, OCI_MANIFEST } from '../../test/metadata-harness';

describe('referrers (gRPC, PostgreSQL)', () => {
  let h: MetadataHarness;

  beforeAll(async () => {
    h = await MetadataHarness.start();
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('lists referrers of a subject, filtered by artifact type', async () => {
    await h.record('team/signed', 'signed-image', { tag: 'v1' });
    const subject = digest('signed-image');
    await h.metadata.recordImage({
      repository: 'team/signed',
      manifest: descriptor(OCI_MANIFEST, 'signature', {
        artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json',
        annotations: { 'org.opencontainers.image.created': '2025-01-01T00:00:00Z' },
      }),
      subject,
      config: descriptor('application/vnd.oci.empty.v1+json', 'empty'),
      layers: [],
      manifests: [],
      actor: 'signer',
    });
    // No artifactType: the config's media type is the artifact type (OCI distribution spec).
    await h.metadata.recordImage({
      repository: 'team/signed',
      manifest: descriptor(OCI_MANIFEST, 'sbom'),
      subject,
      config: descriptor('application/spdx+json', 'sbom-config'),
      layers: [],
      manifests: [],
      actor: 'scanner',
    });

    const all = await h.metadata.listReferrers({ repository: 'team/signed', digest: subject });
    expect(all.referrers).toEqual(
      expect.arrayContaining([
        {
          mediaType: OCI_MANIFEST,
          digest: digest('signature'),
          size: 'signature'.length * 100,
          artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json',
          annotations: { 'org.opencontainers.image.created': '2025-01-01T00:00:00Z' },
        },
        {
          mediaType: OCI_MANIFEST,
          digest: digest('sbom'),
          size: 'sbom'.length * 100,
          artifactType: 'application/spdx+json',
          annotations: {},
        },
      ]),
    );
    expect(all.referrers).toHaveLength(2);

    const sboms = await h.metadata.listReferrers({
      repository: 'team/signed',
      digest: subject,
      artifactType: 'application/spdx+json',
    });
    expect(sboms.referrers.map((r) => r.digest)).toEqual([digest('sbom')]);
    expect(
      (await h.metadata.listReferrers({ repository: 'team/signed', digest: digest('nothing') })).referrers,
    ).toEqual([]);
    expect(
      (await h.metadata.listReferrers({ repository: 'team/nobody', digest: subject })).referrers,
    ).toEqual([]);
    expect(await codeOf(h.metadata.listReferrers({ repository: 'team/signed', digest: 'sha256:nope' }))).toBe(
      ErrorCode.DIGEST_INVALID,
    );
  });
});
