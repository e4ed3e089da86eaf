import type { ContentDescriptor } from '../common/descriptor';
import type { ReferenceKind } from './image-reference.entity';

export type { ReferenceKind };

/** RecordImage's input: a stored manifest and what it references. */
export interface RecordImageInput {
  repository: string;
  /** The manifest's own descriptor. */
  manifest: ContentDescriptor;
  /** Tag to point at the image, when pushed by tag. */
  tag?: string;
  /** Digest of the manifest's `subject`, when it has one. */
  subject?: string;
  /** The config blob (image manifests). */
  config?: ContentDescriptor;
  /** Layers and other blobs (image manifests). */
  layers: ContentDescriptor[];
  /** Child manifests (indexes). */
  manifests: ContentDescriptor[];
  actor: string;
}

export interface RecordImageResult {
  repositoryCreated: boolean;
  /** The digest the tag pointed at before, when the tag moved. */
  previousDigest?: string;
}

/** The image row RecordImage writes. */
export interface ImageRecord {
  digest: string;
  mediaType: string;
  size: number;
  artifactType?: string;
  configDigest?: string;
  configMediaType?: string;
  subjectDigest?: string;
  annotations: Record<string, string>;
  platform?: ContentDescriptor['platform'];
  pushedBy: string;
}

/** One edge of the reference graph. */
export interface ImageReference {
  kind: ReferenceKind;
  digest: string;
}
