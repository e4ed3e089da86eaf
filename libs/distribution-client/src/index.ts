export * from './distribution-client.module';
