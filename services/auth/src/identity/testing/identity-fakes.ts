// Test doubles for the identity feature's unit tests. Never wired into the application.
import { Metadata } from '@grpc/grpc-js';
import type { AuthConfig } from '../../config/auth.config';
import {
  LoginFailuresRepository,
  type Reservation,
  type ThrottleKey,
  type ThrottleLimits,
} from '../../authn/login-failures.repository';
import { afterAttempt, afterRelease, type FailureState } from '../../authn/login-throttle.rules';
import { LoginThrottle } from '../../authn/login-throttle';
import type { AuditLog, AuditRecord } from '../../ports/audit-log.port';
import type { AuthenticatedCall, CallerCredential } from '../../ports/caller-authenticator.port';
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

/** A call by `principal`; by default with its password (anonymous: without credentials). */
export function callOf(
  principal: Principal = ANONYMOUS_PRINCIPAL,
  clientIp = '192.0.2.1',
  via: CallerCredential = principal.kind === 'anonymous' ? 'anonymous' : 'password',
  credentialExpiresAt?: Date | null,
): AuthenticatedCall {
  const call: AuthenticatedCall = { principal, clientIp, via };
  if (credentialExpiresAt !== undefined) call.credentialExpiresAt = credentialExpiresAt;
  return call;
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

/** The login_failures tables in memory, with the same contract as the PostgreSQL repository. */
export class InMemoryLoginFailures extends LoginFailuresRepository {
  readonly rows = new Map<string, FailureState>();
  readonly users = new Map<string, FailureState>();

  constructor() {
    super(undefined as never);
  }

  override async reserve(key: ThrottleKey, now: Date, limits: ThrottleLimits): Promise<Reservation> {
    const pair = this.rows.get(keyOf(key)) ?? null;
    const address = afterAttempt(pair, now, limits.perAddress);
    if (!address) return { outcome: 'address-locked', lockedUntil: pair?.lockedUntil ?? null };
    this.rows.set(keyOf(key), address);
    const current = this.users.get(key.username) ?? null;
    const user = afterAttempt(current, now, limits.perUser);
    if (!user) return { outcome: 'user-locked', lockedUntil: current?.lockedUntil ?? null, address };
    this.users.set(key.username, user);
    return { outcome: 'reserved', address, user };
  }

  override async release(
    key: ThrottleKey,
    addressWindow: Date,
    userWindow: Date | null,
    limits: ThrottleLimits,
  ): Promise<void> {
    const pair = afterRelease(this.rows.get(keyOf(key)) ?? null, addressWindow, limits.perAddress);
    if (pair) this.rows.set(keyOf(key), pair);
    const user = this.users.get(key.username) ?? null;
    if (user && userWindow) this.users.set(key.username, afterRelease(user, userWindow, limits.perUser)!);
  }

  override async succeeded(key: ThrottleKey, userWindow: Date, limits: ThrottleLimits): Promise<void> {
    this.rows.delete(keyOf(key));
    const user = this.users.get(key.username) ?? null;
    if (user) this.users.set(key.username, afterRelease(user, userWindow, limits.perUser)!);
  }

  override async find(key: ThrottleKey): Promise<FailureState | null> {
    return this.rows.get(keyOf(key)) ?? null;
  }

  override async lockOf(
    key: ThrottleKey,
    now: Date,
  ): Promise<{ bucket: 'address' | 'user'; lockedUntil: Date } | null> {
    const locks = [
      { bucket: 'address' as const, lockedUntil: this.rows.get(keyOf(key))?.lockedUntil ?? null },
      { bucket: 'user' as const, lockedUntil: this.users.get(key.username)?.lockedUntil ?? null },
    ].filter(
      (l): l is { bucket: 'address' | 'user'; lockedUntil: Date } =>
        l.lockedUntil !== null && l.lockedUntil > now,
    );
    locks.sort((a, b) => b.lockedUntil.getTime() - a.lockedUntil.getTime());
    return locks[0] ?? null;
  }

  override async findUser(username: string): Promise<FailureState | null> {
    return this.users.get(username) ?? null;
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
  maxFailuresPerUser = 50,
): { throttle: LoginThrottle; failures: InMemoryLoginFailures } {
  const config = {
    BERTH_LOGIN_MAX_FAILURES: maxFailures,
    BERTH_LOGIN_MAX_FAILURES_PER_USER: maxFailuresPerUser,
    BERTH_LOGIN_FAILURE_WINDOW_SECONDS: windowSeconds,
  } as AuthConfig;
  return { throttle: new LoginThrottle(failures, config, clock.now), failures };
}

export function metadataOf(entries: Record<string, string>): Metadata {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(entries)) metadata.set(key, value);
  return metadata;
}
