import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exec, run } from '../support/exec';
import { registry } from '../support/registry-env';

// docker login / push / rmi / pull of a three-layer image against the stack. The image is
// made offline: `docker import` of a small root filesystem, then two COPY layers built by
// the classic builder from that local base (nothing is pulled, no container runs).
async function buildThreeLayerImage(ref: string, env: NodeJS.ProcessEnv): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-docker-build-'));
  mkdirSync(join(dir, 'rootfs', 'etc'), { recursive: true });
  writeFileSync(join(dir, 'rootfs', 'etc', 'os-release'), 'NAME=berth-test\n');
  writeFileSync(join(dir, 'rootfs', 'base.bin'), randomBytes(64 * 1024));
  const base = `berth-test/base-${randomBytes(4).toString('hex')}:1`;
  await run('bash', ['-c', `tar -C ${join(dir, 'rootfs')} -c . | docker import - ${base}`], { env });
  writeFileSync(join(dir, 'layer2.bin'), randomBytes(300 * 1024));
  writeFileSync(join(dir, 'layer3.bin'), randomBytes(2 * 1024 * 1024));
  writeFileSync(
    join(dir, 'Dockerfile'),
    `FROM ${base}\nCOPY layer2.bin /opt/layer2.bin\nCOPY layer3.bin /opt/layer3.bin\nLABEL berth.test=docker\n`,
  );
  await run('docker', ['build', '-q', '-t', ref, dir], { env: { ...env, DOCKER_BUILDKIT: '0' } });
  await exec('docker', ['rmi', base], { env });
}
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
    await buildThreeLayerImage(ref, env);
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
