// Jest globalTeardown paired with integration-global-setup.ts: stops (and
// removes) the PostgreSQL and Redis containers. The Docker engine and the
// images are kept for the next run.
import type { StartedTestContainer } from 'testcontainers';

declare global {
  var __BERTH_TEST_CONTAINERS__: StartedTestContainer[] | undefined;
}

export default async function integrationGlobalTeardown(): Promise<void> {
  const containers = globalThis.__BERTH_TEST_CONTAINERS__ ?? [];
  globalThis.__BERTH_TEST_CONTAINERS__ = undefined;
  const results = await Promise.allSettled(containers.map((container) => container.stop()));
  for (const result of results) {
    if (result.status === 'rejected') {
      process.stderr.write(`[berth-testenv] could not stop a test container: ${String(result.reason)}\n`);
    }
  }
}
