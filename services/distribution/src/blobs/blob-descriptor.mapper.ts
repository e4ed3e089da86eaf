import type { distributionV1 } from '@berth/proto';
import type { BlobRecord } from './blobs.repository';

/** Domain blob → the wire's BlobDescriptor. */
export function toBlobDescriptor(blob: BlobRecord): distributionV1.BlobDescriptor {
  return { digest: blob.digest, size: blob.size, storageKey: blob.storageKey };
}
