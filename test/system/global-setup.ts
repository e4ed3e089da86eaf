import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, startStack, type RunningStack } from '../support/stack';

declare global {
  var __BERTH_STACK__: RunningStack | undefined;
}

/** Starts dockerd (for the docker CLI tests) and one shared registry stack. */
export default async function globalSetup(): Promise<void> {
  const docker = spawnSync('bash', [join(ROOT, 'tools', 'testenv', 'ensure-dockerd.sh')], {
    stdio: 'inherit',
  });
  if (docker.status !== 0) throw new Error('could not start dockerd (tools/testenv/ensure-dockerd.sh)');
  const stack = await startStack();
  globalThis.__BERTH_STACK__ = stack;
  process.env.BERTH_TEST_URL = stack.url;
  process.env.BERTH_TEST_HOST = stack.host;
  process.env.BERTH_TEST_ADMIN_PASSWORD = stack.adminPassword;
  process.env.BERTH_TEST_DATA_DIR = stack.dataDir;
}
