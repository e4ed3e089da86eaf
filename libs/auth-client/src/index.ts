export * from './auth-client.module';
export * from './token-claims';
export * from './jwt';
export * from './token-verifier';
