// Unit tests: *.spec.ts beside the code, ports mocked; no external processes
// except in-process fakes (s3rver).
module.exports = {
  ...require('./jest.preset'),
  displayName: 'unit',
  testMatch: [
    '<rootDir>/libs/**/*.spec.ts',
    '<rootDir>/services/**/*.spec.ts',
    '<rootDir>/tools/**/*.spec.ts',
    '<rootDir>/cli/**/*.spec.ts',
  ],
};
