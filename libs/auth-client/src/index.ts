export * from './auth-client.module';
