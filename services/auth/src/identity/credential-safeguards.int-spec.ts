import { ErrorCode } from '@berth/errors';
import type { authV1 } from '@berth/proto';
import {
  basicAuth as basic,
  bearerAuth as bearer,
  startIdentityTestApp,
  type IdentityTestApp,
} from './testing/identity-test-app';

// What keeps a credential from turning into a stronger or longer-lived one, and what a reset or
// a re-created project leaves behind: the real auth service over gRPC, as the gateway drives it.
jest.setTimeout(120_000);

const ADMIN_PASSWORD = 'first-admin-password';
const DENIED = {
  code: ErrorCode.DENIED,
  message: 'this operation needs a password or API token, not an access token',
};

describe('Credential safeguards (gRPC, real PostgreSQL, production wiring)', () => {
  let running: IdentityTestApp;
  const admin = basic('admin', ADMIN_PASSWORD);
  const alice = basic('alice', 'alice-password');
  const bob = basic('bob', 'bob-password');

  const issue = (username: string, secret: string, over: Partial<authV1.IssueTokenRequest> = {}) =>
    running.auth.issueToken({
      username,
      secret,
      service: 'berth-test',
      scopes: [],
      clientIp: '192.0.2.10',
      ...over,
    });

  beforeAll(async () => {
    running = await startIdentityTestApp({
      BERTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
      BERTH_TOKEN_SERVICE: 'berth-test',
    });
    for (const name of ['alice', 'bob'])
      await running.identity.createUser(
        { username: name, password: `${name}-password`, registryAdmin: false },
        admin,
      );
    await running.projects.createProject({ name: 'team-a', public: false }, alice);
  });
  afterAll(() => running?.close());

  it('refuses Bearer access tokens for minting or revealing credentials and managing users', async () => {
    const { identity, projects } = running;
    const asAlice = bearer((await issue('alice', 'alice-password')).token);
    const asAdmin = bearer((await issue('admin', ADMIN_PASSWORD)).token);
    await expect(identity.whoAmI({}, asAlice)).resolves.toMatchObject({ caller: { subject: 'alice' } });
    await expect(
      identity.createApiToken({ name: 'from-bearer', expiresInDays: 0 }, asAlice),
    ).rejects.toMatchObject(DENIED);
    await expect(
      identity.createUser(
        { username: 'mallory', password: 'mallory-password', registryAdmin: true },
        asAdmin,
      ),
    ).rejects.toMatchObject(DENIED);
    await expect(
      identity.updateUser({ username: 'alice', registryAdmin: true }, asAdmin),
    ).rejects.toMatchObject(DENIED);
    await expect(identity.changePassword({ username: 'bob' }, asAdmin)).rejects.toMatchObject(DENIED);
    await expect(
      identity.changePassword(
        { username: 'alice', currentPassword: 'alice-password', newPassword: 'alice-password-2' },
        asAlice,
      ),
    ).rejects.toMatchObject(DENIED);
    await expect(
      projects.getPullSecret({ project: 'team-a', name: 'builder' }, asAlice),
    ).rejects.toMatchObject(DENIED);
    await expect(
      projects.rotatePullSecret({ project: 'team-a', name: 'builder' }, asAlice),
    ).rejects.toMatchObject(DENIED);
    await expect(
      projects.createRegistryCredential(
        {
          project: 'team-a',
          name: 'quay',
          server: 'quay.io',
          username: 'robot',
          password: 'robot-pw',
          email: '',
        },
        asAlice,
      ),
    ).rejects.toMatchObject(DENIED);
    // Nothing happened; reading with a Bearer token still works, and Basic can do it all.
    await expect(identity.listApiTokens({}, asAlice)).resolves.toEqual({ tokens: [] });
    await expect(identity.getUser({ username: 'mallory' }, admin)).rejects.toMatchObject({
      code: ErrorCode.NOT_FOUND,
    });
    await expect(identity.getUser({ username: 'alice' }, admin)).resolves.toMatchObject({
      user: { registryAdmin: false },
    });
    await expect(
      projects.getPullSecret({ project: 'team-a', name: 'builder' }, alice),
    ).resolves.toBeDefined();
  });

  it('never lets a token created with an API token outlive it', async () => {
    const { identity } = running;
    const day = await identity.createApiToken({ name: 'one-day', expiresInDays: 1 }, alice);
    const withToken = basic('alice', day.secret);
    const derived = await identity.createApiToken({ name: 'derived', expiresInDays: 30 }, withToken);
    expect(derived.token!.expiresAt).toBe(day.token!.expiresAt);
    await expect(issue('alice', derived.secret)).resolves.toMatchObject({ subject: 'alice' });
    await expect(
      identity.createApiToken({ name: 'forever', expiresInDays: 0 }, withToken),
    ).rejects.toMatchObject({
      code: ErrorCode.INVALID_ARGUMENT,
      message: expect.stringContaining('needs the password'),
    });
    await expect(
      identity.createApiToken({ name: 'forever', expiresInDays: 0 }, alice),
    ).resolves.toMatchObject({
      token: { expiresAt: '' },
    });
  });

  it('revokes a user’s API tokens on an administrator’s reset, not on disabling or on a change of one’s own', async () => {
    const { identity } = running;
    const token = (await identity.createApiToken({ name: 'ci' }, bob)).secret;
    await identity.updateUser({ username: 'bob', disabled: true }, admin);
    await expect(issue('bob', token)).rejects.toMatchObject({ message: 'user is disabled' });
    await identity.updateUser({ username: 'bob', disabled: false }, admin);
    await expect(issue('bob', token)).resolves.toMatchObject({ subject: 'bob' });
    await identity.changePassword(
      { username: 'bob', currentPassword: 'bob-password', newPassword: 'bob-password-2' },
      bob,
    );
    await expect(issue('bob', token)).resolves.toMatchObject({ subject: 'bob' });

    const reset = await identity.changePassword({ username: 'bob' }, admin);
    await expect(issue('bob', reset.generatedPassword!)).resolves.toMatchObject({ subject: 'bob' });
    await expect(issue('bob', token)).rejects.toMatchObject({
      code: ErrorCode.UNAUTHORIZED,
      message: 'the API token has been revoked',
    });
    const events = await identity.listAuditEvents({ action: 'password.reset' }, admin);
    expect(events.events[0]).toMatchObject({ target: 'bob', details: { apiTokensRevoked: '1' } });
    // Alice's tokens are untouched.
    const tokens = (await identity.listApiTokens({}, alice)).tokens;
    expect(tokens.filter((t) => t.revoked)).toEqual([]);
  });

  it('shows the admin of a re-created project none of its predecessor’s events', async () => {
    const { identity, projects } = running;
    await projects.createProject({ name: 'reborn', public: false }, alice);
    await projects.deleteProject({ name: 'reborn', force: false }, alice);
    const carol = basic('carol', 'carol-password');
    await identity.createUser({ username: 'carol', password: 'carol-password', registryAdmin: false }, admin);
    await projects.createProject({ name: 'reborn', public: false }, carol);
    const seen = (await identity.listAuditEvents({ project: 'reborn' }, carol)).events;
    expect(seen.map((e) => [e.actor, e.action])).toEqual([['carol', 'project.created']]);
    const all = (await identity.listAuditEvents({ project: 'reborn' }, admin)).events;
    expect(all.map((e) => [e.actor, e.action])).toEqual([
      ['carol', 'project.created'],
      ['alice', 'project.deleted'],
      ['alice', 'project.created'],
    ]);
  });

  it('records a failed login of a service account in its project only when the account exists', async () => {
    const { identity } = running;
    await expect(issue('team-a+builder', 'bsat_wrong')).rejects.toMatchObject({
      code: ErrorCode.UNAUTHORIZED,
    });
    await expect(issue('team-b+nobody', 'bsat_wrong')).rejects.toMatchObject({
      code: ErrorCode.UNAUTHORIZED,
    });
    const failed = (await identity.listAuditEvents({ action: 'login.failed', limit: 2 }, admin)).events;
    expect(failed.map((e) => [e.actor, e.project, e.target])).toEqual([
      ['anonymous', '', 'unknown user'],
      ['system:serviceaccount:team-a:builder', 'team-a', 'team-a+builder'],
    ]);
    const logged = running.logs.lines.join('\n');
    expect(logged).not.toContain('team-b');
  });
});
