// System tests: the whole stack started as `npm start` does, driven by real
// clients (docker, skopeo, podman, oci-check, client-smoke). Run in band.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'system',
  testMatch: ['<rootDir>/test/system/**/*.system-spec.ts'],
  globalSetup: '<rootDir>/test/system/global-setup.ts',
  globalTeardown: '<rootDir>/test/system/global-teardown.ts',
  testSequencer: '<rootDir>/test/system/sequencer.js',
  maxWorkers: 1,
  testTimeout: 600000,
};
