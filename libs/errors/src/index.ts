export * from './error-code';
export * from './berth-error';
export * from './grpc-status';
export * from './http-status';
