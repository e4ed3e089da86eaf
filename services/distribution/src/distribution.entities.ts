import { BlobEntity } from './blobs/blob.entity';
import { RepositoryBlobEntity } from './blobs/repository-blob.entity';
import { ManifestEntity } from './manifests/manifest.entity';
import { RepositoryManifestEntity } from './manifests/repository-manifest.entity';
import { UploadSessionEntity } from './uploads/upload-session.entity';

/** Every entity of the distribution schema (private to this service). */
export const DISTRIBUTION_ENTITIES = [
  UploadSessionEntity,
  BlobEntity,
  RepositoryBlobEntity,
  ManifestEntity,
  RepositoryManifestEntity,
];
