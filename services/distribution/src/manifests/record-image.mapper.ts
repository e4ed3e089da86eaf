import type { Descriptor, ParsedManifest } from '@berth/oci';
import type { metadataV1 } from '@berth/proto';

export interface PushedManifest {
  repository: string;
  digest: string;
  size: number;
  parsed: ParsedManifest;
  /** Set when the manifest was pushed by tag. */
  tag?: string;
  actor: string;
}

/**
 * What metadata records for a pushed manifest: its own descriptor (artifactType as the referrers
 * API reports it), the tag, the subject, and everything it references (for the image record and GC).
 */
export function toRecordImageRequest(pushed: PushedManifest): metadataV1.RecordImageRequest {
  const { parsed } = pushed;
  return {
    repository: pushed.repository,
    manifest: {
      mediaType: parsed.mediaType,
      digest: pushed.digest,
      size: pushed.size,
      artifactType: parsed.artifactType,
      annotations: { ...parsed.annotations },
      platform: undefined,
    },
    tag: pushed.tag,
    subject: parsed.subject?.digest,
    config: parsed.config ? toMetadataDescriptor(parsed.config) : undefined,
    layers: parsed.layers.map(toMetadataDescriptor),
    manifests: parsed.manifests.map(toMetadataDescriptor),
    actor: pushed.actor,
  };
}

function toMetadataDescriptor(descriptor: Descriptor): metadataV1.Descriptor {
  return {
    mediaType: descriptor.mediaType,
    digest: descriptor.digest,
    size: descriptor.size,
    artifactType: descriptor.artifactType,
    annotations: { ...(descriptor.annotations ?? {}) },
    platform: descriptor.platform
      ? {
          os: descriptor.platform.os,
          architecture: descriptor.platform.architecture,
          variant: descriptor.platform.variant ?? '',
        }
      : undefined,
  };
}
