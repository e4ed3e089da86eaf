/**
 * Sets environment variables for a test (undefined removes one) and returns the function that
 * puts back what was there before.
 */
export function overrideEnv(vars: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  applyEnv(vars);
  return () => applyEnv(saved);
}

function applyEnv(vars: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}
