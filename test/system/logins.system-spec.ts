import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BerthCli } from '../support/access/cli';
import { RestClient } from '../support/access/rest';
import { noteSecret } from '../support/access/secrets';
import { password } from '../support/access/world';
import { exec, run } from '../support/exec';
import { mkimage } from '../support/images';
import { registry } from '../support/registry-env';

// Logging in with real clients and the credentials Berth hands out: docker with a password
// and with a personal API token, podman with a service account's pull-secret credentials,
// and the Kubernetes Secret `berth serviceaccount pull-secret` prints, used the way the
// kubelet uses an imagePullSecret (its .dockerconfigjson is the registry auth file).
describe('logins with real clients', () => {
  const r = registry();
  const admin = new RestClient(r.url, { username: r.user, secret: r.password });
  const tag = randomBytes(3).toString('hex');
  const project = `lg${tag}`;
  const dev = { username: `lg${tag}-dev`, secret: password() };
  const owner = { username: `lg${tag}-owner`, secret: password() };
  const work = mkdtempSync(join(tmpdir(), 'berth-logins-'));
  const dockerEnv = { DOCKER_CONFIG: join(work, 'docker') };
  const dockerRef = `${r.host}/${project}/docker-app:v1`;
  let pushedDigest = '';

  /** Runs podman against storage of its own (vfs, as ../shared/tools/client-smoke does). */
  const podman = (args: string[], input?: string) =>
    exec(
      'podman',
      [
        '--root',
        join(work, 'podman', 'storage'),
        '--runroot',
        join(work, 'podman', 'run'),
        '--storage-driver',
        'vfs',
        ...args,
      ],
      { env: { REGISTRY_AUTH_FILE: join(work, 'podman-auth.json') }, input },
    );

  beforeAll(async () => {
    noteSecret('admin password', r.password, r.user);
    await admin.createProject(project, false);
    for (const u of [dev, owner]) {
      await admin.createUser(u.username, u.secret);
      noteSecret(`password of ${u.username}`, u.secret, u.username);
    }
    await admin.addMember(project, { kind: 'user', name: dev.username }, 'developer');
    await admin.addMember(project, { kind: 'user', name: owner.username }, 'admin');
    // An image for the service accounts to pull.
    const { dir, summary } = await mkimage(['-t', 'v1', '-l', '1k,20k']);
    pushedDigest = String(summary.manifest?.digest);
    await run('skopeo', [
      'copy',
      '-q',
      '--dest-creds',
      `${r.user}:${r.password}`,
      '--dest-tls-verify=false',
      `oci:${dir}:v1`,
      `docker://${r.host}/${project}/app:v1`,
    ]);
  }, 300_000);

  afterAll(async () => {
    await exec('docker', ['rmi', '-f', dockerRef, `${r.host}/${project}/docker-app:v2`], { env: dockerEnv });
  });

  async function buildDockerImage(ref: string): Promise<string> {
    const rootfs = join(work, `rootfs-${randomBytes(3).toString('hex')}`);
    mkdirSync(join(rootfs, 'etc'), { recursive: true });
    writeFileSync(join(rootfs, 'etc', 'os-release'), 'NAME=berth-logins\n');
    writeFileSync(join(rootfs, 'payload.bin'), randomBytes(32 * 1024));
    await run('bash', ['-c', `tar -C ${rootfs} -c . | docker import - ${ref}`], { env: dockerEnv });
    return (
      await run('docker', ['image', 'inspect', '-f', '{{.Id}}', ref], { env: dockerEnv })
    ).stdout.trim();
  }

  const dockerLogin = (username: string, secret: string) =>
    exec('docker', ['login', r.host, '-u', username, '--password-stdin'], { env: dockerEnv, input: secret });

  it('docker login with a password, then push and pull', async () => {
    const id = await buildDockerImage(dockerRef);
    const login = await dockerLogin(dev.username, dev.secret);
    expect(login.stdout + login.stderr).toMatch(/Login Succeeded/);
    const push = await run('docker', ['push', dockerRef], { env: dockerEnv });
    expect(push.stdout).toMatch(/v1: digest: sha256:[0-9a-f]{64} size: \d+/);
    await run('docker', ['rmi', dockerRef], { env: dockerEnv });
    await run('docker', ['pull', dockerRef], { env: dockerEnv });
    expect(
      (
        await run('docker', ['image', 'inspect', '-f', '{{.Id}}', dockerRef], { env: dockerEnv })
      ).stdout.trim(),
    ).toBe(id);
    await run('docker', ['logout', r.host], { env: dockerEnv });
  });

  it('docker login with a personal API token, then pull and push; refused once the token is revoked', async () => {
    const self = new RestClient(r.url, dev);
    const token = await self.createApiToken(dev.username, 'docker-login', 1);
    noteSecret(`API token of ${dev.username}`, token, dev.username);
    expect(token).toMatch(/^bpat_/);

    const login = await dockerLogin(dev.username, token);
    expect(login.stdout + login.stderr).toMatch(/Login Succeeded/);
    await exec('docker', ['rmi', dockerRef], { env: dockerEnv });
    await run('docker', ['pull', dockerRef], { env: dockerEnv });
    const v2 = `${r.host}/${project}/docker-app:v2`;
    await run('docker', ['tag', dockerRef, v2], { env: dockerEnv });
    const push = await run('docker', ['push', v2], { env: dockerEnv });
    expect(push.stdout).toMatch(/v2: digest: sha256:[0-9a-f]{64}/);
    await run('docker', ['logout', r.host], { env: dockerEnv });

    await self.revokeApiToken(dev.username, 'docker-login');
    const refused = await dockerLogin(dev.username, token);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/unauthorized|401/i);
  });

  it("podman login with a service account's pull-secret credentials, then pull (and no push)", async () => {
    const secret = await admin.pullSecret(project, 'default');
    noteSecret(`pull secret of ${project}:default`, secret.password, secret.username);
    expect(secret.username).toBe(`${project}+default`);
    expect(secret.password).toMatch(/^bsat_/);

    const login = await podman(
      ['login', '--tls-verify=false', '-u', secret.username, '--password-stdin', r.host],
      secret.password,
    );
    expect({ code: login.code, out: login.stdout + login.stderr }).toEqual({
      code: 0,
      out: expect.stringMatching(/Login Succeeded/),
    });
    const pull = await podman(['pull', '-q', '--tls-verify=false', `${r.host}/${project}/app:v1`]);
    expect({ code: pull.code, err: pull.stderr }).toEqual({ code: 0, err: expect.any(String) });
    const digest = await podman([
      'image',
      'inspect',
      '--format',
      '{{.Digest}}',
      `${r.host}/${project}/app:v1`,
    ]);
    expect(digest.stdout.trim()).toBe(pushedDigest);

    // `default` may pull, not push.
    await podman(['tag', `${r.host}/${project}/app:v1`, `${r.host}/${project}/app:by-default-sa`]);
    const push = await podman(['push', '--tls-verify=false', `${r.host}/${project}/app:by-default-sa`]);
    expect(push.code).not.toBe(0);
    expect(push.stderr).toMatch(/denied|unauthorized/i);
  });

  it('the Kubernetes Secret printed by `berth serviceaccount pull-secret` logs in and pulls', async () => {
    const cli = new BerthCli();
    await cli.login(r.url, owner.username, owner.secret);

    // As applied with kubectl: YAML of a kubernetes.io/dockerconfigjson Secret.
    const yaml = await cli.ok(['serviceaccount', 'pull-secret', 'default', '-n', project]);
    const dir = mkdtempSync(join(tmpdir(), 'berth-k8s-secret-'));
    writeFileSync(join(dir, 'secret.yaml'), yaml);
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n- secret.yaml\n');
    // kubectl parses it offline (kustomize) and prints it back normalized.
    const parsed = await run('kubectl', ['kustomize', dir]);
    expect(parsed.stdout).toMatch(/^kind: Secret$/m);
    expect(parsed.stdout).toMatch(/^type: kubernetes\.io\/dockerconfigjson$/m);
    const dockerconfig = yamlDataValue(parsed.stdout, '.dockerconfigjson');

    // The same Secret as JSON (-o json).
    const json = await cli.json<{
      apiVersion: string;
      kind: string;
      type: string;
      metadata: { name: string; namespace?: string };
      data: Record<string, string>;
    }>([
      'serviceaccount',
      'pull-secret',
      'default',
      '-n',
      project,
      '--secret-name',
      'regcred',
      '--namespace',
      'apps',
    ]);
    expect({
      apiVersion: json.apiVersion,
      kind: json.kind,
      type: json.type,
      metadata: json.metadata,
    }).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/dockerconfigjson',
      metadata: expect.objectContaining({ name: 'regcred', namespace: 'apps' }),
    });
    expect(json.data['.dockerconfigjson']).toBe(dockerconfig);

    // What the kubelet does with it: decode, use it as the registry auth file, pull.
    const decoded = JSON.parse(Buffer.from(dockerconfig, 'base64').toString('utf8')) as {
      auths: Record<string, { username?: string; password?: string; auth?: string }>;
    };
    expect(Object.keys(decoded.auths)).toEqual([r.host]);
    const entry = decoded.auths[r.host];
    expect(entry.username).toBe(`${project}+default`);
    expect(Buffer.from(entry.auth ?? '', 'base64').toString()).toBe(`${entry.username}:${entry.password}`);
    noteSecret(`pull secret of ${project}:default (from the CLI)`, entry.password ?? '', entry.username);

    const authFile = join(dir, 'config.json');
    writeFileSync(authFile, JSON.stringify(decoded));
    const out = join(dir, 'pulled');
    await run('skopeo', [
      'copy',
      '-q',
      '--src-authfile',
      authFile,
      '--src-tls-verify=false',
      `docker://${r.host}/${project}/app:v1`,
      `oci:${out}:v1`,
    ]);
    const inspect = await run('skopeo', [
      'inspect',
      '--authfile',
      authFile,
      '--tls-verify=false',
      `docker://${r.host}/${project}/app:v1`,
    ]);
    expect((JSON.parse(inspect.stdout) as { Digest: string }).Digest).toBe(pushedDigest);

    // And its username/password with a plain login.
    const login = await podman(
      ['login', '--tls-verify=false', '-u', entry.username!, '--password-stdin', r.host],
      entry.password,
    );
    expect(login.stdout + login.stderr).toMatch(/Login Succeeded/);
  });
});

/** The value of `data.<key>` in YAML as kubectl prints it (a plain scalar, possibly folded). */
function yamlDataValue(yaml: string, key: string): string {
  const lines = yaml.split('\n');
  const i = lines.findIndex((l) => l.trim().startsWith(`${key}:`));
  if (i < 0) throw new Error(`no ${key} in\n${yaml}`);
  const indent = lines[i].length - lines[i].trimStart().length;
  let value = lines[i]
    .trim()
    .slice(key.length + 1)
    .trim();
  for (let j = i + 1; j < lines.length; j++) {
    const l = lines[j];
    if (l.trim() === '' || l.length - l.trimStart().length <= indent) break;
    value += l.trim();
  }
  return value.replace(/^["']|["']$/g, '');
}
