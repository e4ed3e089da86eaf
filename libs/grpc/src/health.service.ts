import { Injectable, Logger } from '@nestjs/common';

/** A readiness probe: resolves when the dependency answers, throws otherwise. */
export type ReadinessCheck = () => Promise<void>;

/**
 * Collects the readiness checks of a service (database, Redis, peers) and
 * answers whether the service is ready to serve.
 */
@Injectable()
export class HealthService {
  private readonly logger = new Logger(HealthService.name);
  private readonly checks = new Map<string, ReadinessCheck>();
  private shuttingDown = false;

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  /** Runs every check; returns the names of those that failed. */
  async failing(timeoutMs = 2000): Promise<string[]> {
    if (this.shuttingDown) return ['shutting-down'];
    const results = await Promise.all(
      Array.from(this.checks.entries()).map(async ([name, check]) => {
        try {
          await withTimeout(check(), timeoutMs);
          return null;
        } catch (err) {
          this.logger.warn(`readiness check ${name} failed: ${(err as Error).message}`);
          return name;
        }
      }),
    );
    return results.filter((r): r is string => r !== null);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e) => (clearTimeout(t), reject(e)),
    );
  });
}
