export * from './config-schema';
export * from './common-config';
