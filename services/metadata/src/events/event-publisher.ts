import type { ChangeEvent } from '@berth/queue';

/** Injection token of the port the outbox relay publishes through. */
export const EVENT_PUBLISHER = Symbol('EVENT_PUBLISHER');

/** Where change events go once committed. */
export interface EventPublisher {
  /** Publishes `events` in order; rejects when any of them could not be published. */
  publish(events: ChangeEvent[]): Promise<void>;
}
