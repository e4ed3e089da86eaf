export * from './blob-driver';
export { assertValidKey, blobKey, isValidKey, MAX_KEY_LENGTH, uploadDir, uploadKey } from './blob-key';
export { FilesystemBlobDriver } from './filesystem-blob-driver';
export { S3BlobDriver, type S3BlobDriverOptions } from './s3-blob-driver';
export { createBlobDriver, type BlobDriverConfig } from './create-blob-driver';
export * from './driver-config-from-env';
