/** One security-relevant fact to remember. Never put a secret in it. */
export interface AuditRecord {
  /** Subject who acted (`anonymous` when unknown). */
  actor: string;
  /** Dotted verb, e.g. `login.failed`, `member.added`, `project.deleted`. */
  action: string;
  /** Project concerned, '' for registry-wide events. */
  project?: string;
  /** What was acted on, e.g. `alice`, `group:devs`, `ns/app@sha256:…`. */
  target?: string;
  clientIp?: string;
  outcome?: 'success' | 'failure';
  details?: Record<string, string>;
}

/**
 * Where security-relevant actions are recorded. Implemented by the audit feature; recording
 * never fails the caller's action (errors are logged).
 */
export interface AuditLog {
  record(event: AuditRecord): Promise<void>;
}

/** Injection token of the AuditLog. */
export const AUDIT_LOG = Symbol('AUDIT_LOG');
