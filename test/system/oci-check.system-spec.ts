import { join } from 'node:path';
import { exec } from '../support/exec';
import { registry } from '../support/registry-env';
import { SHARED } from '../support/stack';

// The independent OCI Distribution v1.1 checker against the running stack.
// Only auth.readonly-denied may be skipped: it needs the roles of issue 3.
describe('oci-check (OCI Distribution Spec v1.1)', () => {
  it('reports 0 failed with nothing skipped but auth.readonly-denied', async () => {
    const r = registry();
    const res = await exec(process.execPath, [
      join(SHARED, 'tools', 'oci-check'),
      '--url',
      r.url,
      '--user',
      r.user,
      '--pass',
      r.password,
    ]);
    const lines = res.stdout.trim().split('\n');
    const failed = lines.filter((l) => /^\s*FAIL\b/.test(l));
    const skipped = lines.filter((l) => /^\s*(SKIP|XFAIL)\b/.test(l)).map((l) => l.trim().split(/\s+/)[1]);
    expect(failed).toEqual([]);
    expect(skipped).toEqual(['auth.readonly-denied']);
    expect(lines[lines.length - 1]).toMatch(/^\d+ passed, 0 failed, 1 skipped$/);
    expect(res.code).toBe(0);
  });
});
