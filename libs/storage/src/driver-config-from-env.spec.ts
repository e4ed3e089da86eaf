import { ConfigError, STORAGE_VARS, loadConfig } from '@berth/config';
import { blobDriverConfigOf } from './driver-config-from-env';

const loadStorageConfig = (env: NodeJS.ProcessEnv) => loadConfig(STORAGE_VARS, env);

describe('blobDriverConfigOf', () => {
  it('builds the filesystem driver by default', () => {
    expect(blobDriverConfigOf(loadStorageConfig({ BERTH_STORAGE_ROOT: '/data/blobs' }))).toEqual({
      driver: 'filesystem',
      root: '/data/blobs',
    });
  });

  it('builds the s3 driver from the BERTH_S3_* variables', () => {
    const config = loadStorageConfig({
      BERTH_STORAGE_DRIVER: 's3',
      BERTH_S3_ENDPOINT: 'minio.local',
      BERTH_S3_PORT: '9000',
      BERTH_S3_USE_SSL: 'false',
      BERTH_S3_ACCESS_KEY: 'ak',
      BERTH_S3_SECRET_KEY: 'sk',
      BERTH_S3_PREFIX: 'registry',
    });
    expect(blobDriverConfigOf(config)).toEqual({
      driver: 's3',
      endPoint: 'minio.local',
      port: 9000,
      useSSL: false,
      accessKey: 'ak',
      secretKey: 'sk',
      bucket: 'berth',
      region: 'us-east-1',
      prefix: 'registry',
    });
  });

  it('names every variable the s3 driver is missing', () => {
    const load = () =>
      blobDriverConfigOf(loadStorageConfig({ BERTH_STORAGE_DRIVER: 's3', BERTH_S3_ENDPOINT: 'minio.local' }));
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/BERTH_S3_ACCESS_KEY is required[\s\S]*BERTH_S3_SECRET_KEY is required/);
  });
});
