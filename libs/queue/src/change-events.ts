/**
 * Change events the metadata service publishes (Redis pub/sub, after the outbox
 * commit) and the gateway consumes to invalidate its tag and manifest caches.
 * Channel: `${BERTH_REDIS_PREFIX}:events`. Payload: JSON of ChangeEvent.
 */
export const CHANGE_EVENTS_CHANNEL_SUFFIX = 'events';

export function changeEventsChannel(prefix: string): string {
  return `${prefix}:${CHANGE_EVENTS_CHANNEL_SUFFIX}`;
}

export type ChangeEvent =
  | { type: 'tag.updated'; repository: string; tag: string; digest: string; previousDigest?: string }
  | { type: 'tag.deleted'; repository: string; tag: string; digest: string }
  | { type: 'image.recorded'; repository: string; digest: string }
  | { type: 'image.deleted'; repository: string; digest: string; removedTags: string[] }
  | { type: 'repository.created'; repository: string }
  | { type: 'repository.deleted'; repository: string; digests: string[]; tags: string[] };
