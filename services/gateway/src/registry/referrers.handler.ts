import { Inject, Injectable } from '@nestjs/common';
import { METADATA_CLIENT, type MetadataClient } from '@berth/metadata-client';
import { MediaType, parseDigest, type Descriptor } from '@berth/oci';
import type { metadataV1 } from '@berth/proto';
import type { RepositoryContext } from '../http/registry-context';

/**
 * Referrers (`GET /v2/<name>/referrers/<digest>[?artifactType=]`, OCI 1.1): an image index of the
 * manifests whose subject is the digest; an unknown digest has an empty one. Filtering by
 * artifactType is done by metadata and announced with OCI-Filters-Applied.
 */
@Injectable()
export class ReferrersHandler {
  constructor(@Inject(METADATA_CLIENT) private readonly metadata: MetadataClient) {}

  async list(ctx: RepositoryContext): Promise<void> {
    const digest = parseDigest(ctx.params.digest as string).value;
    const artifactType = ctx.query.get('artifactType') || undefined;
    const { referrers } = await this.metadata.listReferrers({
      repository: ctx.params.name,
      digest,
      artifactType,
    });
    const index = {
      schemaVersion: 2,
      mediaType: MediaType.OCI_INDEX,
      manifests: referrers.map(toDescriptor),
    };
    if (artifactType !== undefined) ctx.reply.header('oci-filters-applied', 'artifactType');
    ctx.reply
      .code(200)
      .header('content-type', MediaType.OCI_INDEX)
      .send(Buffer.from(JSON.stringify(index)));
  }
}

/** The OCI descriptor of a referrer: absent and empty optional fields left out. */
export function toDescriptor(d: metadataV1.Descriptor): Descriptor {
  const descriptor: Descriptor = { mediaType: d.mediaType, digest: d.digest, size: d.size };
  if (d.artifactType) descriptor.artifactType = d.artifactType;
  if (d.annotations && Object.keys(d.annotations).length > 0) descriptor.annotations = { ...d.annotations };
  if (d.platform && (d.platform.os || d.platform.architecture)) {
    descriptor.platform = { architecture: d.platform.architecture, os: d.platform.os };
    if (d.platform.variant) descriptor.platform.variant = d.platform.variant;
  }
  return descriptor;
}
