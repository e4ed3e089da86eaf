import type { TagAction } from './tag-event.entity';

export type { TagAction };

/** What a tag points at. */
export interface ResolvedTag {
  digest: string;
  mediaType: string;
}

/** The outcome of pointing a tag at a digest. */
export interface TagMove {
  /** False when the tag already pointed at that digest (nothing was written). */
  changed: boolean;
  /** The digest the tag pointed at before, when it moved. */
  previousDigest?: string;
}

/** A tag event to append to the history. `digest` is absent when the event removed the tag. */
export interface NewTagEvent {
  repositoryId: string;
  tag: string;
  action: TagAction;
  digest?: string;
  previousDigest?: string;
  actor: string;
}

/** One entry of a tag's history. */
export interface TagHistoryEntry {
  /** Absent when the event removed the tag. */
  digest?: string;
  action: TagAction;
  actor: string;
  createdAt: Date;
}
