import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../support/exec';
import { mkimage } from '../support/images';
import { removeDir, startStack } from '../support/stack';

// Stop the registry and start it again on the same data directory: everything
// pushed before is still pullable, byte for byte.
describe('restart keeps all data', () => {
  it('serves the same bytes after a stop and a start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'berth-restart-'));
    const { dir, summary } = await mkimage(['-t', 'v1', '-l', '1k,200k,2M']);
    let stack = await startStack({ dataDir, adminPassword: 'restart-secret' });
    const creds = `admin:${stack.adminPassword}`;
    try {
      await run('skopeo', [
        'copy',
        '-q',
        '--dest-creds',
        creds,
        '--dest-tls-verify=false',
        `oci:${dir}:v1`,
        `docker://${stack.host}/restart/app:v1`,
      ]);
      await stack.stop();
      stack = await startStack({ dataDir, port: stack.port, adminPassword: 'restart-secret' });
      const out = join(mkdtempSync(join(tmpdir(), 'berth-restart-pull-')), 'pulled');
      await run('skopeo', [
        'copy',
        '-q',
        '--src-creds',
        creds,
        '--src-tls-verify=false',
        `docker://${stack.host}/restart/app:v1`,
        `oci:${out}:v1`,
      ]);
      const hashes = (root: string) =>
        readdirSync(join(root, 'blobs', 'sha256'))
          .map(
            (f) =>
              createHash('sha256')
                .update(readFileSync(join(root, 'blobs', 'sha256', f)))
                .digest('hex') +
              ':' +
              f,
          )
          .sort();
      expect(hashes(out)).toEqual(hashes(dir));
      expect(readdirSync(join(out, 'blobs', 'sha256'))).toContain(
        String(summary.manifest?.digest).replace('sha256:', ''),
      );
    } finally {
      await stack.stop();
      removeDir(dataDir);
    }
  });
});
