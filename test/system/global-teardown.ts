import { removeDir } from '../support/stack';

export default async function globalTeardown(): Promise<void> {
  const stack = globalThis.__BERTH_STACK__;
  if (!stack) return;
  await stack.stop();
  if (!process.env.BERTH_TEST_KEEP) removeDir(stack.dataDir);
}
