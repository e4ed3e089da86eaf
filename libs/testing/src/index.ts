// Helpers for Berth tests. The integration global setup/teardown
// (integration-global-setup.ts, integration-global-teardown.ts) are referenced
// from Jest configs by path and are deliberately not exported here.
export * from './env';
export * from './free-port';
export * from './temp-dir';
export * from './test-database';
export * from './test-redis';
export { TEST_ENV, TEST_IMAGES, requireTestEnv } from './test-env';
