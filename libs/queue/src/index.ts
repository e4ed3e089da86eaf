export * from './queue-names';
export * from './redis-connection';
export * from './queue.module';
export * from './change-events';
