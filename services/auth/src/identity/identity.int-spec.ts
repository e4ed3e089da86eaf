import { decodeJwt } from '@berth/auth-client';
import { ErrorCode } from '@berth/errors';
import type { authV1 } from '@berth/proto';
import {
  basicAuth as basic,
  bearerAuth as bearer,
  startIdentityTestApp,
  type IdentityTestApp,
} from './testing/identity-test-app';

// The real auth service (production wiring, every migration) on a fresh database, driven the way
// the gateway drives it: IdentityService and AuthService over gRPC, the client's Authorization
// header as `authorization` metadata and its address as `berth-client-ip`.
jest.setTimeout(120_000);

const ADMIN_PASSWORD = 'first-admin-password';

describe('IdentityService (gRPC, real PostgreSQL, production wiring)', () => {
  let running: IdentityTestApp;
  let identity: IdentityTestApp['identity'];
  let auth: IdentityTestApp['auth'];
  let projects: IdentityTestApp['projects'];
  /** Every secret handed out or used, checked against the logs at the end. */
  const secrets: string[] = [ADMIN_PASSWORD];
  /** Bob's current password (generated, then reset). */
  let bobPassword = '';

  const admin = basic('admin', ADMIN_PASSWORD);
  const issue = (
    username: string | undefined,
    secret: string | undefined,
    over: Partial<authV1.IssueTokenRequest> = {},
  ) =>
    auth.issueToken({ username, secret, service: 'berth-test', scopes: [], clientIp: '192.0.2.10', ...over });
  const query = <T>(sql: string, params: unknown[] = []) => running.query<T>(sql, params);

  beforeAll(async () => {
    running = await startIdentityTestApp({
      BERTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
      BERTH_TOKEN_SERVICE: 'berth-test',
      BERTH_TOKEN_ISSUER: 'berth-auth-test',
      BERTH_TOKEN_TTL_SECONDS: '300',
      BERTH_LOGIN_MAX_FAILURES: '3',
      BERTH_LOGIN_FAILURE_WINDOW_SECONDS: '60',
    });
    ({ identity, auth, projects } = running);
  });

  afterAll(() => running?.close());

  it('describes the caller: an administrator by password, anonymous without credentials', async () => {
    await expect(identity.whoAmI({}, admin)).resolves.toEqual({
      caller: { kind: 'user', subject: 'admin', registryAdmin: true, groups: ['authenticated'] },
    });
    await expect(identity.whoAmI({})).resolves.toEqual({
      caller: { kind: 'anonymous', subject: 'anonymous', registryAdmin: false, groups: [] },
    });
    await expect(identity.whoAmI({}, basic('admin', 'wrong-password'))).rejects.toMatchObject({
      code: ErrorCode.UNAUTHORIZED,
    });
    await expect(identity.listUsers({})).rejects.toMatchObject({ code: ErrorCode.UNAUTHORIZED });
  });

  it('lets the administrator create users, with a chosen or a generated password', async () => {
    const alice = await identity.createUser(
      { username: 'alice', password: 'alice-password', registryAdmin: false },
      admin,
    );
    expect(alice.user).toMatchObject({
      username: 'alice',
      registryAdmin: false,
      disabled: false,
      groups: [],
    });
    expect(alice.generatedPassword).toBeUndefined();
    secrets.push('alice-password');
    const bob = await identity.createUser({ username: 'bob', registryAdmin: false }, admin);
    expect(bob.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    bobPassword = bob.generatedPassword!;
    secrets.push(bobPassword);
    await expect(issue('bob', bob.generatedPassword)).resolves.toMatchObject({ subject: 'bob' });
    await expect(
      identity.createUser({ username: 'carol', password: 'short', registryAdmin: false }, admin),
    ).rejects.toMatchObject({
      code: ErrorCode.INVALID_ARGUMENT,
      message: expect.stringContaining('at least 8'),
    });
    await expect(
      identity.createUser({ username: 'alice', password: 'whatever-pw', registryAdmin: false }, admin),
    ).rejects.toMatchObject({ code: ErrorCode.ALREADY_EXISTS });
    await expect(
      identity.createUser(
        { username: 'eve', password: 'eve-password', registryAdmin: true },
        basic('alice', 'alice-password'),
      ),
    ).rejects.toMatchObject({ code: ErrorCode.DENIED });
    const rows = await query<{ password_hash: string }>(
      `SELECT password_hash FROM auth.users WHERE username = 'alice'`,
    );
    expect(rows[0].password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
  });

  it('shows users to themselves and administrators, and nothing about others to anyone else', async () => {
    const alice = basic('alice', 'alice-password');
    await expect(identity.getUser({ username: 'alice' }, alice)).resolves.toMatchObject({
      user: { username: 'alice' },
    });
    await expect(identity.getUser({ username: 'bob' }, alice)).rejects.toMatchObject({
      code: ErrorCode.DENIED,
    });
    await expect(identity.getUser({ username: 'ghost' }, alice)).rejects.toMatchObject({
      code: ErrorCode.DENIED,
    });
    await expect(identity.getUser({ username: 'ghost' }, admin)).rejects.toMatchObject({
      code: ErrorCode.NOT_FOUND,
    });
    await expect(identity.listUsers({}, alice)).rejects.toMatchObject({ code: ErrorCode.DENIED });
    const page = await identity.listUsers({ limit: 2 }, admin);
    expect(page).toMatchObject({ users: [{ username: 'admin' }, { username: 'alice' }], more: true });
    await expect(identity.listUsers({ limit: 2, last: 'alice' }, admin)).resolves.toMatchObject({
      users: [{ username: 'bob' }],
      more: false,
    });
  });

  it('accepts a personal API token as the password, until it is revoked', async () => {
    const alice = basic('alice', 'alice-password');
    const created = await identity.createApiToken({ name: 'berth-cli@laptop' }, alice);
    secrets.push(created.secret);
    expect(created.secret).toMatch(/^bpat_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(created.token).toMatchObject({ name: 'berth-cli@laptop', lastUsedAt: '', revoked: false });
    expect(Date.parse(created.token!.expiresAt) - Date.now()).toBeGreaterThan(89 * 86_400_000);

    await expect(issue('alice', created.secret)).resolves.toMatchObject({ subject: 'alice' });
    await expect(identity.whoAmI({}, basic('alice', created.secret))).resolves.toMatchObject({
      caller: { subject: 'alice' },
    });
    await expect(issue('bob', created.secret)).rejects.toMatchObject({ code: ErrorCode.UNAUTHORIZED });
    const [listed] = (await identity.listApiTokens({}, alice)).tokens;
    expect(Date.now() - Date.parse(listed.lastUsedAt)).toBeLessThan(60_000);
    const stored = await query<{ n: number }>(
      `SELECT count(*)::int AS n FROM auth.api_tokens WHERE position($1 in encode(secret_sha256, 'hex')) > 0`,
      [created.secret],
    );
    expect(stored[0].n).toBe(0);

    await expect(identity.createApiToken({ name: 'berth-cli@laptop' }, alice)).rejects.toMatchObject({
      code: ErrorCode.ALREADY_EXISTS,
    });
    await expect(
      identity.listApiTokens({ username: 'alice' }, basic('bob', bobPassword)),
    ).rejects.toMatchObject({
      code: ErrorCode.DENIED,
    });
    await expect(identity.listApiTokens({ username: 'alice' }, admin)).resolves.toMatchObject({
      tokens: [{ name: 'berth-cli@laptop' }],
    });

    await identity.revokeApiToken({ name: 'berth-cli@laptop' }, alice);
    await expect(issue('alice', created.secret)).rejects.toMatchObject({
      code: ErrorCode.UNAUTHORIZED,
      message: 'the API token has been revoked',
    });
    await expect(identity.listApiTokens({}, alice)).resolves.toMatchObject({ tokens: [{ revoked: true }] });
    await expect(identity.revokeApiToken({ name: 'nope' }, alice)).rejects.toMatchObject({
      code: ErrorCode.NOT_FOUND,
    });
    // The name can be used again once the old token is revoked.
    const again = await identity.createApiToken({ name: 'berth-cli@laptop', expiresInDays: 0 }, alice);
    secrets.push(again.secret);
    expect(again.token!.expiresAt).toBe('');
  });

  it('authenticates a Bearer access token locally, and refuses it once its user is disabled', async () => {
    const issued = await issue('alice', 'alice-password');
    secrets.push(issued.token.split('.')[2]);
    expect(decodeJwt(issued.token).claims).toMatchObject({
      sub: 'alice',
      aud: 'berth-test',
      iss: 'berth-auth-test',
    });
    await expect(identity.whoAmI({}, bearer(issued.token))).resolves.toMatchObject({
      caller: { kind: 'user', subject: 'alice', registryAdmin: false },
    });
    await expect(identity.updateUser({ username: 'alice', disabled: true }, admin)).resolves.toMatchObject({
      user: { disabled: true },
    });
    await expect(identity.whoAmI({}, bearer(issued.token))).rejects.toMatchObject({
      code: ErrorCode.UNAUTHORIZED,
    });
    await expect(issue('alice', 'alice-password')).rejects.toMatchObject({
      code: ErrorCode.UNAUTHORIZED,
      message: 'user is disabled',
    });
    await identity.updateUser({ username: 'alice', disabled: false }, admin);
    await expect(identity.whoAmI({}, bearer(issued.token))).resolves.toMatchObject({
      caller: { subject: 'alice' },
    });
    await expect(identity.whoAmI({}, bearer(`${issued.token}x`))).rejects.toMatchObject({
      code: ErrorCode.UNAUTHORIZED,
    });
  });

  it('keeps administrators from disabling or demoting themselves', async () => {
    await expect(identity.updateUser({ username: 'admin', disabled: true }, admin)).rejects.toMatchObject({
      code: ErrorCode.DENIED,
    });
    await expect(
      identity.updateUser({ username: 'admin', registryAdmin: false }, admin),
    ).rejects.toMatchObject({
      code: ErrorCode.DENIED,
    });
    await expect(
      identity.updateUser({ username: 'bob', registryAdmin: true }, basic('alice', 'alice-password')),
    ).rejects.toMatchObject({ code: ErrorCode.DENIED });
  });

  it('manages groups, which show on users and callers', async () => {
    await expect(identity.createGroup({ name: 'devs' }, admin)).resolves.toMatchObject({
      group: { name: 'devs', members: [] },
    });
    await expect(identity.createGroup({ name: 'authenticated' }, admin)).rejects.toMatchObject({
      code: ErrorCode.INVALID_ARGUMENT,
    });
    await expect(identity.createGroup({ name: 'serviceaccounts:team-a' }, admin)).rejects.toMatchObject({
      code: ErrorCode.INVALID_ARGUMENT,
    });
    await expect(identity.addGroupMember({ group: 'devs', username: 'alice' }, admin)).resolves.toMatchObject(
      {
        group: { members: ['alice'] },
      },
    );
    await expect(identity.getUser({ username: 'alice' }, admin)).resolves.toMatchObject({
      user: { groups: ['devs'] },
    });
    await expect(identity.whoAmI({}, basic('alice', 'alice-password'))).resolves.toMatchObject({
      caller: { groups: ['authenticated', 'devs'] },
    });
    await expect(identity.listGroups({}, admin)).resolves.toMatchObject({
      groups: [{ name: 'devs', members: ['alice'] }],
    });
    await expect(identity.listGroups({}, basic('alice', 'alice-password'))).rejects.toMatchObject({
      code: ErrorCode.DENIED,
    });
    await expect(
      identity.removeGroupMember({ group: 'devs', username: 'alice' }, admin),
    ).resolves.toMatchObject({
      group: { members: [] },
    });
    await identity.addGroupMember({ group: 'devs', username: 'bob' }, admin);
    await identity.deleteGroup({ name: 'devs' }, admin);
    await expect(identity.getGroup({ name: 'devs' }, admin)).rejects.toMatchObject({
      code: ErrorCode.NOT_FOUND,
    });
    await expect(identity.getUser({ username: 'bob' }, admin)).resolves.toMatchObject({
      user: { groups: [] },
    });
  });

  it('changes and resets passwords', async () => {
    const alice = basic('alice', 'alice-password');
    await expect(
      identity.changePassword(
        { username: 'alice', currentPassword: 'not-it', newPassword: 'alice-password-2' },
        alice,
      ),
    ).rejects.toMatchObject({ code: ErrorCode.DENIED });
    await identity.changePassword(
      { username: 'alice', currentPassword: 'alice-password', newPassword: 'alice-password-2' },
      alice,
    );
    secrets.push('alice-password-2');
    await expect(issue('alice', 'alice-password')).rejects.toMatchObject({ code: ErrorCode.UNAUTHORIZED });
    await expect(issue('alice', 'alice-password-2')).resolves.toMatchObject({ subject: 'alice' });
    const reset = await identity.changePassword({ username: 'bob' }, admin);
    bobPassword = reset.generatedPassword!;
    secrets.push(bobPassword);
    await expect(issue('bob', bobPassword)).resolves.toMatchObject({ subject: 'bob' });
    await expect(
      identity.changePassword(
        { username: 'bob', newPassword: 'hijacked-password' },
        basic('alice', 'alice-password-2'),
      ),
    ).rejects.toMatchObject({ code: ErrorCode.DENIED });
  });

  it('lets a burst of logins with the right password through (only guesses count)', async () => {
    await identity.createUser(
      { username: 'burst', password: 'burst-password-1', registryAdmin: false },
      admin,
    );
    const from = { clientIp: '198.51.100.20' };
    // Concurrent first logins share one verification; later ones are served as verified.
    const first = await Promise.allSettled(
      Array.from({ length: 30 }, () => issue('burst', 'burst-password-1', from)),
    );
    expect(first.filter((r) => r.status === 'rejected')).toEqual([]);
    const again = await Promise.allSettled(
      Array.from({ length: 30 }, () => issue('burst', 'burst-password-1', from)),
    );
    expect(again.filter((r) => r.status === 'rejected')).toEqual([]);
    const rows = await query<{ failures: number }>(
      `SELECT failures FROM auth.login_failures WHERE username = 'burst'`,
    );
    expect(rows).toEqual([]);
  });

  it('throttles failed logins per user and address, across the token endpoint and Basic calls', async () => {
    const from = (ip: string) => ({ clientIp: ip });
    // A password typed into the username field is neither logged nor audited (checked at the end).
    const typo = 'My-Password-Typed-As-Username';
    secrets.push(typo);
    await expect(issue(typo, 'whatever-pw')).rejects.toMatchObject({ code: ErrorCode.UNAUTHORIZED });
    for (let i = 0; i < 3; i++)
      await expect(issue('bob', `wrong-${i}`, from('198.51.100.7'))).rejects.toMatchObject({
        code: ErrorCode.UNAUTHORIZED,
      });
    await expect(issue('bob', bobPassword, from('198.51.100.7'))).rejects.toMatchObject({
      code: ErrorCode.TOOMANYREQUESTS,
    });
    await expect(identity.whoAmI({}, basic('bob', bobPassword, '198.51.100.7'))).rejects.toMatchObject({
      code: ErrorCode.TOOMANYREQUESTS,
    });
    // The same user from elsewhere, and another user from there, are not affected.
    await expect(issue('bob', bobPassword, from('198.51.100.8'))).resolves.toMatchObject({ subject: 'bob' });
    await expect(issue('alice', 'alice-password-2', from('198.51.100.7'))).resolves.toMatchObject({
      subject: 'alice',
    });
    const rows = await query<{ failures: number; locked: boolean }>(
      `SELECT failures, locked_until > now() AS locked FROM auth.login_failures WHERE username = 'bob' AND client_ip = '198.51.100.7'`,
    );
    expect(rows).toEqual([{ failures: 3, locked: true }]);
  });

  it('authenticates service accounts by pull secret, and their Bearer tokens', async () => {
    const alice = basic('alice', 'alice-password-2');
    await projects.createProject({ name: 'team-a', public: false }, alice);
    const { pullSecret } = await projects.getPullSecret({ project: 'team-a', name: 'builder' }, alice);
    secrets.push(pullSecret!.password);
    expect(pullSecret!.username).toBe('team-a+builder');
    const issued = await issue('team-a+builder', pullSecret!.password);
    expect(issued.subject).toBe('system:serviceaccount:team-a:builder');
    await expect(identity.whoAmI({}, bearer(issued.token))).resolves.toEqual({
      caller: {
        kind: 'serviceaccount',
        subject: 'system:serviceaccount:team-a:builder',
        registryAdmin: false,
        groups: ['authenticated', 'serviceaccounts:team-a'],
      },
    });
    await expect(identity.createApiToken({ name: 'x' }, bearer(issued.token))).rejects.toMatchObject({
      code: ErrorCode.DENIED,
    });
    await expect(issue('team-a+builder', 'bsat_wrong')).rejects.toMatchObject({
      code: ErrorCode.UNAUTHORIZED,
    });
  });

  it('serves the audit log to administrators, and to project admins for their project', async () => {
    const alice = basic('alice', 'alice-password-2');
    const deleted = {
      action: 'manifest.deleted',
      project: 'team-a',
      target: `team-a/app@sha256:${'a'.repeat(64)}`,
      outcome: 'success',
      details: { tag: 'v1' },
    };
    await identity.recordAuditEvent(deleted, alice);
    // Only deletions the caller may make, filed under the repository's project.
    await expect(identity.recordAuditEvent(deleted, basic('bob', bobPassword))).rejects.toMatchObject({
      code: ErrorCode.DENIED,
    });
    for (const forged of [
      { ...deleted, action: 'member.added' },
      { ...deleted, project: 'team-b' },
      { ...deleted, target: 'team-b/app:v1' },
    ])
      await expect(identity.recordAuditEvent(forged, alice)).rejects.toMatchObject({
        code: ErrorCode.INVALID_ARGUMENT,
      });
    await expect(
      identity.recordAuditEvent({
        action: 'manifest.deleted',
        project: '',
        target: '',
        outcome: '',
        details: {},
      }),
    ).rejects.toMatchObject({ code: ErrorCode.UNAUTHORIZED });

    const all = (await identity.listAuditEvents({ limit: 500 }, admin)).events;
    const actions = new Set(all.map((e) => e.action));
    for (const action of [
      'login',
      'login.failed',
      'token.issued',
      'user.created',
      'user.updated',
      'password.changed',
      'password.reset',
      'apitoken.created',
      'apitoken.revoked',
      'group.created',
      'group.deleted',
      'groupmember.added',
      'groupmember.removed',
      'manifest.deleted',
    ])
      expect(actions).toContain(action);
    expect(all.find((e) => e.action === 'login.failed' && e.target === 'bob')).toMatchObject({
      actor: 'bob',
      outcome: 'failure',
      clientIp: '198.51.100.7',
      details: { reason: 'wrong password', credential: 'password' },
    });
    expect(all.find((e) => e.action === 'manifest.deleted')).toMatchObject({
      actor: 'alice',
      project: 'team-a',
      clientIp: '192.0.2.10',
      details: { tag: 'v1' },
    });
    expect(Date.parse(all[0].at)).toBeGreaterThanOrEqual(Date.parse(all[all.length - 1].at));

    const mine = await identity.listAuditEvents({ project: 'team-a' }, alice);
    expect(mine.events.length).toBeGreaterThan(0);
    expect(mine.events.every((e) => e.project === 'team-a')).toBe(true);
    await expect(identity.listAuditEvents({}, alice)).rejects.toMatchObject({ code: ErrorCode.DENIED });
    await expect(
      identity.listAuditEvents({ project: 'team-a' }, basic('bob', bobPassword)),
    ).rejects.toMatchObject({
      code: ErrorCode.DENIED,
    });
    const failures = await identity.listAuditEvents({ action: 'login.failed', limit: 2 }, admin);
    expect(failures.events).toHaveLength(2);
    expect(failures.more).toBe(true);
    const older = await identity.listAuditEvents(
      { action: 'login.failed', limit: 2, before: failures.events[1].id },
      admin,
    );
    expect(Number(older.events[0].id)).toBeLessThan(Number(failures.events[1].id));
  });

  it('never logs a password, token or pull secret, nor stores one in the audit log', async () => {
    const audit = JSON.stringify(await query(`SELECT * FROM auth.audit_events`));
    const logged = running.logs.lines.join('\n');
    expect(running.logs.lines.some((l) => l.includes('login failed'))).toBe(true);
    for (const secret of secrets) {
      expect(logged).not.toContain(secret);
      expect(audit).not.toContain(secret);
    }
  });
});
