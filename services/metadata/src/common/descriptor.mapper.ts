import type { metadataV1 } from '@berth/proto';
import type { ContentDescriptor, Platform } from './descriptor';

/** proto → domain. Empty optional strings mean "not given". */
export function descriptorFromProto(d: metadataV1.Descriptor): ContentDescriptor {
  return {
    mediaType: d.mediaType,
    digest: d.digest,
    size: d.size,
    artifactType: d.artifactType || undefined,
    annotations: { ...(d.annotations ?? {}) },
    platform: d.platform ? platformFromProto(d.platform) : undefined,
  };
}

/** domain → proto. */
export function descriptorToProto(d: ContentDescriptor): metadataV1.Descriptor {
  return {
    mediaType: d.mediaType,
    digest: d.digest,
    size: d.size,
    artifactType: d.artifactType,
    annotations: { ...d.annotations },
    platform: d.platform
      ? { os: d.platform.os, architecture: d.platform.architecture, variant: d.platform.variant ?? '' }
      : undefined,
  };
}

function platformFromProto(p: metadataV1.Platform): Platform | undefined {
  if (!p.os && !p.architecture) return undefined;
  return { os: p.os, architecture: p.architecture, variant: p.variant || undefined };
}
