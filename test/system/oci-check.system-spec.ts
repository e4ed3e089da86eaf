import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { RestClient } from '../support/access/rest';
import { noteSecret } from '../support/access/secrets';
import { password } from '../support/access/world';
import { exec } from '../support/exec';
import { registry } from '../support/registry-env';
import { SHARED } from '../support/stack';

// The independent OCI Distribution v1.1 checker against the running stack, in a private
// project of its own, with a guest of that project as the read-only user: nothing is skipped.
describe('oci-check (OCI Distribution Spec v1.1)', () => {
  it('reports 0 failed and 0 skipped, with --readonly-user given a guest', async () => {
    const r = registry();
    const admin = new RestClient(r.url, { username: r.user, secret: r.password });
    const project = `oc${randomBytes(3).toString('hex')}`;
    const guest = { username: `${project}-guest`, secret: password() };
    await admin.createProject(project, false);
    await admin.createUser(guest.username, guest.secret);
    noteSecret(`password of ${guest.username}`, guest.secret, guest.username);
    await admin.addMember(project, { kind: 'user', name: guest.username }, 'guest');

    const res = await exec(process.execPath, [
      join(SHARED, 'tools', 'oci-check'),
      '--url',
      r.url,
      '--user',
      r.user,
      '--pass',
      r.password,
      '--readonly-user',
      `${guest.username}:${guest.secret}`,
      '--repo',
      `${project}/check`,
    ]);
    const lines = res.stdout.trim().split('\n');
    const failed = lines.filter((l) => /^\s*FAIL\b/.test(l));
    const skipped = lines.filter((l) => /^\s*(SKIP|XFAIL)\b/.test(l)).map((l) => l.trim().split(/\s+/)[1]);
    expect(failed).toEqual([]);
    expect(skipped).toEqual([]);
    expect(lines.find((l) => /^\s*PASS\s+auth\.readonly-denied\b/.test(l))).toBeDefined();
    expect(lines[lines.length - 1]).toMatch(/^\d+ passed, 0 failed, 0 skipped$/);
    expect(res.code).toBe(0);
  });
});
