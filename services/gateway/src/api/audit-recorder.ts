import { Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { IdentityClient } from '@berth/auth-client';
import { BerthError } from '@berth/errors';
import { forwardedMetadata } from './forwarded-metadata';

const logger = new Logger('gateway');

/** How long a RecordAuditEvent may take before it is given up (and logged). */
const AUDIT_TIMEOUT_MS = 10_000;

export interface ObservedEvent {
  /** e.g. `manifest.deleted`. */
  action: string;
  /** The project (namespace) concerned. */
  project: string;
  /** e.g. `ns/app@sha256:…` or `ns/app:tag`. */
  target: string;
}

/**
 * Records, fire-and-forget, a successful action the gateway observed, as the client who made the
 * request (its Authorization and address are forwarded): the call starts after the current tick,
 * never delays or fails the response, and a failure is only logged (without credentials).
 */
export function recordAuditEvent(identity: IdentityClient, req: FastifyRequest, event: ObservedEvent): void {
  let metadata: Record<string, string>;
  try {
    metadata = forwardedMetadata(req);
  } catch (err) {
    logFailure(event, err);
    return;
  }
  setImmediate(() => {
    Promise.resolve()
      .then(() =>
        identity.recordAuditEvent(
          {
            action: event.action,
            project: event.project,
            target: event.target,
            outcome: 'success',
            details: {},
          },
          { metadata, timeoutMs: AUDIT_TIMEOUT_MS },
        ),
      )
      .catch((err: unknown) => logFailure(event, err));
  });
}

/** The project of a repository: its first path component. */
export function namespaceOf(repository: string): string {
  const slash = repository.indexOf('/');
  return slash < 0 ? repository : repository.slice(0, slash);
}

function logFailure(event: ObservedEvent, err: unknown): void {
  const reason = err instanceof BerthError ? `${err.code}: ${err.message}` : String(err);
  logger.warn(`audit event ${event.action} ${event.target} was not recorded (${reason})`);
}
