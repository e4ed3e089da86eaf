import type { BlobDriver } from './blob-driver';
import { FilesystemBlobDriver } from './filesystem-blob-driver';
import { S3BlobDriver, type S3BlobDriverOptions } from './s3-blob-driver';

export type BlobDriverConfig =
  { driver: 'filesystem'; root: string } | ({ driver: 's3' } & S3BlobDriverOptions);

/** Builds the configured driver; services validate `config` in their own config schema first. */
export function createBlobDriver(config: BlobDriverConfig): BlobDriver {
  switch (config.driver) {
    case 'filesystem':
      return new FilesystemBlobDriver(config.root);
    case 's3': {
      const { driver: _driver, ...options } = config;
      return new S3BlobDriver(options);
    }
  }
}
