/**
 * Queue names shared by producers and workers. Job names and payload types are
 * added here, next to their queue, when the first producer and handler land:
 * a job type without a handler is a startup error, not a placeholder.
 */
export const QUEUES = {
  /** One-off and scheduled imports from external registries (import-scheduler). */
  imports: 'imports',
  /** Image pruning, retention and blob garbage collection (pruning). */
  gc: 'gc',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
