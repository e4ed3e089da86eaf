import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { BerthCli } from '../support/access/cli';
import { RestClient } from '../support/access/rest';
import { noteSecret } from '../support/access/secrets';
import { decodeClaims } from '../support/access/tokens';
import { password } from '../support/access/world';
import { registry } from '../support/registry-env';

// The `berth` command-line client end to end against the stack: login, projects, members,
// whoami, and what a failing command looks like.
describe('berth CLI', () => {
  const r = registry();
  const tag = randomBytes(3).toString('hex');
  const project = `cli${tag}`;
  const dev = { username: `cli${tag}-dev`, secret: password() };
  const admin = new BerthCli();

  it('berth login stores an API token (mode 0600) and whoami -o json names the caller', async () => {
    noteSecret('admin password', r.password, r.user);
    await admin.login(r.url, r.user, r.password);
    expect(statSync(admin.configFile).mode & 0o777).toBe(0o600);
    const config = JSON.parse(readFileSync(admin.configFile, 'utf8')) as {
      url: string;
      username: string;
      token: string;
    };
    noteSecret('API token of the CLI login', config.token, config.username);
    expect(config).toEqual(
      expect.objectContaining({ url: r.url, username: r.user, token: expect.stringMatching(/^bpat_/) }),
    );
    // The token is a personal API token named after this machine.
    const tokens = await new RestClient(r.url, { username: r.user, secret: r.password }).ok<{
      tokens: Array<{ name: string; revoked: boolean }>;
    }>('GET', `/users/${r.user}/tokens`);
    expect(tokens.tokens).toContainEqual(
      expect.objectContaining({ name: `berth-cli@${hostname()}`, revoked: false }),
    );
    expect(config.token).not.toContain(r.password);

    const whoami = await admin.json<{ caller: { kind: string; subject: string; registryAdmin: boolean } }>([
      'whoami',
    ]);
    expect(whoami.caller).toEqual(
      expect.objectContaining({ kind: 'user', subject: r.user, registryAdmin: true }),
    );

    const jwt = (await admin.ok(['whoami', '-t'])).trim();
    noteSecret('access token (signature)', jwt.split('.')[2] ?? jwt);
    expect(decodeClaims(jwt).sub).toBe(r.user);
  });

  it('berth project create, user create, member add, member list', async () => {
    const created = await admin.json<{ project: { name: string; public: boolean; callerRole: string } }>([
      'project',
      'create',
      project,
    ]);
    expect(created.project).toEqual(
      expect.objectContaining({ name: project, public: false, callerRole: 'admin' }),
    );

    await admin.ok(['user', 'create', dev.username, '--password-stdin'], { input: dev.secret + '\n' });
    noteSecret(`password of ${dev.username}`, dev.secret, dev.username);
    // `operator` is accepted and stored as its canonical name.
    await admin.ok(['member', 'add', dev.username, 'operator', '-n', project]);
    const members = await admin.json<{
      members: Array<{ subject: { kind: string; name: string }; role: string }>;
    }>(['member', 'list', '-n', project]);
    expect(members.members.map((m) => `${m.subject.kind}:${m.subject.name}=${m.role}`).sort()).toEqual(
      [`user:${r.user}=admin`, `user:${dev.username}=developer`].sort(),
    );

    // The new member logs in with its own config and sees its role.
    const cli = new BerthCli();
    await cli.login(r.url, dev.username, dev.secret);
    const shown = await cli.json<{ project: { name: string; callerRole: string } }>([
      'project',
      'show',
      project,
    ]);
    expect(shown.project).toEqual(expect.objectContaining({ name: project, callerRole: 'developer' }));
    const whoami = await cli.json<{ caller: { subject: string; registryAdmin: boolean } }>(['whoami']);
    expect(whoami.caller).toEqual(expect.objectContaining({ subject: dev.username, registryAdmin: false }));
    // A developer may not manage members: one line on stderr, exit status 1.
    const denied = await cli.run(['member', 'add', r.user, 'guest', '-n', project]);
    expect({ code: denied.code, stdout: denied.stdout, stderr: denied.stderr }).toEqual({
      code: 1,
      stdout: '',
      stderr: expect.stringMatching(/^berth: [^\n]+\n$/),
    });
  });

  it('errors are one line on stderr with exit status 1 (2 for usage errors)', async () => {
    const missing = await admin.run(['project', 'show', `cli${tag}-does-not-exist`]);
    expect({ code: missing.code, stdout: missing.stdout, stderr: missing.stderr }).toEqual({
      code: 1,
      stdout: '',
      stderr: expect.stringMatching(/^berth: [^\n]*not found[^\n]*\n$/i),
    });

    const usage = await admin.run(['member', 'add']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^berth: /);

    const loggedOut = new BerthCli();
    const noLogin = await loggedOut.run(['whoami']);
    expect({ code: noLogin.code, lines: noLogin.stderr.trim().split('\n').length }).toEqual({
      code: 1,
      lines: 1,
    });
    expect(noLogin.stderr).toMatch(/^berth: /);
  });
});
