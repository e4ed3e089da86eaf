import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exec, run } from '../support/exec';
import { mkimage } from '../support/images';
import { registry } from '../support/registry-env';

// docker login / push / rmi / pull of a three-layer image against the stack.
// The image is made offline (mkimage) and loaded into dockerd with skopeo.
describe('docker CLI', () => {
  const r = registry();
  const env = { DOCKER_CONFIG: mkdtempSync(join(tmpdir(), 'berth-docker-config-')) };
  const ref = `${r.host}/system/docker-three-layers:v1`;
  const docker = (...args: string[]) => run('docker', args, { env });

  afterAll(async () => {
    await exec('docker', ['rmi', '-f', ref], { env });
  });

  it('refuses docker login with a wrong password', async () => {
    const res = await exec('docker', ['login', r.host, '-u', r.user, '--password-stdin'], {
      env,
      input: 'wrong-password',
    });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/unauthorized|401/i);
  });

  it('logs in, pushes, removes and pulls back the same image ID', async () => {
    const { dir } = await mkimage(['-t', 'v1', '-l', '2k,300k,3M', '--label', 'berth.test=docker']);
    await run('skopeo', ['copy', '-q', `oci:${dir}:v1`, `docker-daemon:${ref}`]);
    const pushedId = (await docker('image', 'inspect', '-f', '{{.Id}}', ref)).stdout.trim();
    const layers = JSON.parse(
      (await docker('image', 'inspect', '-f', '{{json .RootFS.Layers}}', ref)).stdout,
    ) as string[];
    expect(layers).toHaveLength(3);

    const login = await exec('docker', ['login', r.host, '-u', r.user, '--password-stdin'], {
      env,
      input: r.password,
    });
    expect(login.stdout + login.stderr).toMatch(/Login Succeeded/);

    const push = await docker('push', ref);
    expect(push.stdout).toMatch(/v1: digest: sha256:[0-9a-f]{64} size: \d+/);

    await docker('rmi', ref);
    expect((await exec('docker', ['image', 'inspect', ref], { env })).code).not.toBe(0);

    await docker('pull', ref);
    const pulledId = (await docker('image', 'inspect', '-f', '{{.Id}}', ref)).stdout.trim();
    expect(pulledId).toBe(pushedId);
  });
});
