import { BerthError, ErrorCode } from '@berth/errors';
import type { AuditRecord } from '../ports/audit-log.port';

/** A recorded audit event. */
export interface AuditEvent {
  /** Increasing with time: newer events have larger ids. */
  id: string;
  at: Date;
  actor: string;
  action: string;
  project: string;
  target: string;
  clientIp: string;
  outcome: 'success' | 'failure';
  details: Record<string, string>;
}

export interface AuditQuery {
  project?: string;
  action?: string;
  actor?: string;
  limit: number;
  /** Only events older than this id. */
  before?: string;
  /**
   * Only events of `project` since the project (of that name) now existing was created: a
   * project re-created under a deleted one's name does not show its predecessor's events.
   */
  sinceProjectCreated?: boolean;
}

export const DEFAULT_AUDIT_PAGE = 100;
export const MAX_AUDIT_PAGE = 1000;

/** Actions: dotted lowercase words, e.g. `manifest.deleted`. */
export const AUDIT_ACTION_PATTERN = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*){0,3}$/;

const MAX_TEXT = 512;
const MAX_DETAILS = 32;
const MAX_DETAIL_KEY = 64;
const MAX_DETAIL_VALUE = 1024;

/** A record cut to the stored bounds (an over-long value is truncated, never refused). */
export function normalizeRecord(record: AuditRecord): Required<AuditRecord> {
  const details: Record<string, string> = {};
  for (const [key, value] of Object.entries(record.details ?? {}).slice(0, MAX_DETAILS))
    details[cut(key, MAX_DETAIL_KEY)] = cut(String(value), MAX_DETAIL_VALUE);
  return {
    actor: cut(record.actor || 'anonymous', MAX_TEXT),
    action: cut(record.action, 128),
    project: cut(record.project ?? '', MAX_TEXT),
    target: cut(record.target ?? '', MAX_TEXT),
    clientIp: cut(record.clientIp ?? '', 64),
    outcome: record.outcome ?? 'success',
    details,
  };
}

/** Checks an event another service asks to record; INVALID_ARGUMENT names the problem. */
export function assertRecordable(input: {
  action: string;
  outcome: string;
  details: Record<string, string>;
}): void {
  if (!AUDIT_ACTION_PATTERN.test(input.action) || input.action.length > 128)
    throw new BerthError(
      ErrorCode.INVALID_ARGUMENT,
      'invalid action: use dotted lowercase words, e.g. "manifest.deleted"',
    );
  if (input.outcome !== '' && input.outcome !== 'success' && input.outcome !== 'failure')
    throw new BerthError(ErrorCode.INVALID_ARGUMENT, 'outcome must be "success" or "failure"');
  if (Object.keys(input.details).length > MAX_DETAILS)
    throw new BerthError(ErrorCode.INVALID_ARGUMENT, `at most ${MAX_DETAILS} details are allowed`);
}

/** Parses a `before` paging id; INVALID_ARGUMENT unless it is one. */
export function parseEventId(id: string): string {
  if (!/^[1-9][0-9]{0,18}$/.test(id))
    throw new BerthError(ErrorCode.INVALID_ARGUMENT, 'before must be an event id');
  return id;
}

function cut(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}
