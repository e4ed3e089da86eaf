// Test helpers only: this entry point needs devDependencies (jest globals, s3rver).
export * from './blob-driver.suite';
export * from './s3rver-server';
export * from './stream-fixtures';
