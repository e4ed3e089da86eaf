import { join } from 'node:path';
import { exec } from '../support/exec';
import { registry } from '../support/registry-env';
import { SHARED } from '../support/stack';

// skopeo, umoci, podman and buildah end to end (../shared/tools/client-smoke).
describe('client-smoke (skopeo, podman, buildah)', () => {
  it('reports 0 failed', async () => {
    const r = registry();
    const res = await exec('bash', [join(SHARED, 'tools', 'client-smoke'), r.host, r.user, r.password], {
      timeoutMs: 600_000,
    });
    const lines = (res.stdout + res.stderr).trim().split('\n');
    const summary = lines.filter((l) => /^\d+ passed, \d+ failed/.test(l.trim())).pop();
    expect({ summary, failures: lines.filter((l) => /\bFAIL\b/.test(l)) }).toEqual({
      summary: expect.stringMatching(/ 0 failed/),
      failures: [],
    });
    expect(res.code).toBe(0);
  });
});
