export * from './metadata-client.module';
