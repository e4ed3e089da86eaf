// Test doubles for the identity feature's unit tests. Never wired into the application.
import { Metadata } from '@grpc/grpc-js';
import type { AuthConfig } from '../../config/auth.config';
import type { ThrottleKey } from '../../authn/login-failures.repository';
import { LoginFailuresRepository } from '../../authn/login-failures.repository';
import type { FailureState } from '../../authn/login-throttle.rules';
import { LoginThrottle } from '../../authn/login-throttle';
import type { AuditLog, AuditRecord } from '../../ports/audit-log.port';
import type { AuthenticatedCall } from '../../ports/caller-authenticator.port';
import { ANONYMOUS_PRINCIPAL, type Principal } from '../../users/principal';

export function userPrincipalOf(username: string, isAdmin = false, groups: string[] = []): Principal {
  return { kind: 'user', subject: username, userId: `id-${username}`, username, isAdmin, groups };
}

export function serviceAccountPrincipalOf(project: string, name: string): Principal {
  return {
    kind: 'serviceaccount',
    subject: `system:serviceaccount:${project}:${name}`,
    serviceAccountId: `sa-${project}-${name}`,
    project,
    name,
  };
}

export const ADMIN = userPrincipalOf('admin', true);
export const ALICE = userPrincipalOf('alice');
export const BUILDER_SA = serviceAccountPrincipalOf('team-a', 'builder');

export function callOf(
  principal: Principal = ANONYMOUS_PRINCIPAL,
  clientIp = '192.0.2.1',
): AuthenticatedCall {
  return { principal, clientIp };
}

/** An AuditLog that keeps what it is given. */
export class RecordingAuditLog implements AuditLog {
  readonly events: AuditRecord[] = [];
  async record(event: AuditRecord): Promise<void> {
    this.events.push(event);
  }
  actions(): string[] {
    return this.events.map((e) => e.action);
  }
}

/** login_failures in memory, with the same contract as the PostgreSQL repository. */
export class InMemoryLoginFailures extends LoginFailuresRepository {
  readonly rows = new Map<string, FailureState>();

  constructor() {
    super(undefined as never);
  }

  override async find(key: ThrottleKey): Promise<FailureState | null> {
    return this.rows.get(keyOf(key)) ?? null;
  }

  override async update(
    key: ThrottleKey,
    next: (current: FailureState | null) => FailureState,
  ): Promise<FailureState> {
    const state = next(this.rows.get(keyOf(key)) ?? null);
    this.rows.set(keyOf(key), state);
    return state;
  }

  override async clear(key: ThrottleKey): Promise<void> {
    this.rows.delete(keyOf(key));
  }

  override async purge(): Promise<number> {
    return 0;
  }
}

function keyOf(key: ThrottleKey): string {
  return `${key.username}\0${key.clientIp}`;
}

/** A movable clock. */
export class FakeClock {
  constructor(public nowMs = Date.parse('2025-06-01T12:00:00Z')) {}
  readonly now = (): Date => new Date(this.nowMs);
  advance(ms: number): void {
    this.nowMs += ms;
  }
}

export function throttleWith(
  clock: FakeClock,
  failures = new InMemoryLoginFailures(),
  maxFailures = 3,
  windowSeconds = 300,
): { throttle: LoginThrottle; failures: InMemoryLoginFailures } {
  const config = {
    BERTH_LOGIN_MAX_FAILURES: maxFailures,
    BERTH_LOGIN_FAILURE_WINDOW_SECONDS: windowSeconds,
  } as AuthConfig;
  return { throttle: new LoginThrottle(failures, config, clock.now), failures };
}

export function metadataOf(entries: Record<string, string>): Metadata {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(entries)) metadata.set(key, value);
  return metadata;
}
