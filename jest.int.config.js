// Integration tests (*.int-spec.ts): real PostgreSQL and Redis. The global setup
// (libs/testing) starts dockerd if needed, builds the offline test images if
// needed, and runs one PostgreSQL and one Redis container (Testcontainers) for
// all workers; each test file creates its own database and Redis key prefix.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'int',
  testMatch: ['<rootDir>/libs/**/*.int-spec.ts', '<rootDir>/services/**/*.int-spec.ts'],
  globalSetup: '<rootDir>/libs/testing/src/integration-global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/integration-global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 120000,
};
