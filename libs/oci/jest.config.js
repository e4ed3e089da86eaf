/** Unit tests for @berth/oci: `npx jest -c libs/oci/jest.config.js` from the repository root. */
module.exports = {
  displayName: 'oci',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['**/*.spec.ts'],
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
  moduleNameMapper: { '^@berth/(.*)$': '<rootDir>/../$1/src' },
};
