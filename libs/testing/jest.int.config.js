// Integration tests of libs/testing itself (*.int-spec.ts): the global setup
// starts Docker (if needed), builds the test images (if needed) and runs one
// PostgreSQL and one Redis container for all workers.
//
//   npx jest -c libs/testing/jest.int.config.js
module.exports = {
  displayName: 'testing:int',
  rootDir: '../..',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/libs/testing/**/*.int-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^@berth/(.*)$': '<rootDir>/libs/$1/src' },
  globalSetup: '<rootDir>/libs/testing/src/integration-global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/integration-global-teardown.ts',
  // The first run may build the images (a few minutes) in globalSetup, which has
  // no timeout; tests themselves talk to already-running servers.
  testTimeout: 60_000,
};
