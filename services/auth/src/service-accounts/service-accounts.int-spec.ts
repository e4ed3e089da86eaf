import { ErrorCode } from '@berth/errors';
import {
  SERVICE_ACCOUNT_CREDENTIALS,
  type ServiceAccountCredentials,
} from '../ports/service-account-credentials.port';
import { startProjectsTestApp, type ProjectsTestApp } from '../projects/testing/projects-test-app';

// Service accounts and their managed pull secrets, over gRPC with real PostgreSQL, and the
// service-account logins that the identity feature builds on (SERVICE_ACCOUNT_CREDENTIALS).
jest.setTimeout(60_000);

const code = (c: ErrorCode) => expect.objectContaining({ code: c });

describe('service accounts and pull secrets (gRPC, real PostgreSQL)', () => {
  let t: ProjectsTestApp;
  let logins: ServiceAccountCredentials;

  beforeAll(async () => {
    t = await startProjectsTestApp();
    logins = t.app.get(SERVICE_ACCOUNT_CREDENTIALS);
    await t.addUser('alice');
    await t.addUser('bob');
    await t.client.createProject({ name: 'team-a', public: false }, t.as('alice'));
    await t.client.addMember(
      { project: 'team-a', subject: { kind: 'user', name: 'bob' }, role: 'guest' },
      t.as('alice'),
    );
  });

  afterAll(async () => {
    await t?.close();
  });

  it('prints the pull secret of a default account again, and it logs in as that account', async () => {
    const first = await t.client.getPullSecret({ project: 'team-a', name: 'builder' }, t.as('alice'));
    const again = await t.client.getPullSecret({ project: 'team-a', name: 'builder' }, t.as('alice'));
    expect(first.pullSecret).toEqual(again.pullSecret);
    expect(first.pullSecret).toMatchObject({
      username: 'team-a+builder',
      password: expect.stringMatching(/^bsat_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/),
    });
    expect(first.serviceAccount).toMatchObject({ subject: 'system:serviceaccount:team-a:builder' });
    await expect(logins.authenticate('team-a+builder', first.pullSecret!.password)).resolves.toMatchObject({
      kind: 'serviceaccount',
      project: 'team-a',
      name: 'builder',
    });
    await expect(logins.authenticate('team-a+default', first.pullSecret!.password)).rejects.toThrow(
      code(ErrorCode.UNAUTHORIZED),
    );
    expect(t.audit.events).toContainEqual(
      expect.objectContaining({ action: 'pullsecret.read', project: 'team-a', target: 'team-a:builder' }),
    );
  });

  it('stores pull secrets hashed and encrypted, never in clear', async () => {
    const { pullSecret } = await t.client.getPullSecret(
      { project: 'team-a', name: 'default' },
      t.as('alice'),
    );
    const rows: Array<{ secret_hash: Buffer; secret_sealed: Buffer; secret_key_id: string }> =
      await t.dataSource.query(
        `SELECT secret_hash, secret_sealed, secret_key_id FROM "auth"."service_accounts" WHERE name = 'default'`,
      );
    const random = pullSecret!.password.split('_').slice(2).join('_');
    for (const row of rows) {
      expect(row.secret_hash).toHaveLength(32);
      expect(row.secret_key_id).toMatch(/^k1-[0-9a-f]{16}$/);
      expect(row.secret_sealed.toString('latin1')).not.toContain(random);
    }
  });

  it('lets only project admins see pull secrets; members list accounts', async () => {
    await expect(t.client.getPullSecret({ project: 'team-a', name: 'builder' }, t.as('bob'))).rejects.toThrow(
      code(ErrorCode.DENIED),
    );
    await expect(
      t.client.rotatePullSecret({ project: 'team-a', name: 'builder' }, t.as('bob')),
    ).rejects.toThrow(code(ErrorCode.DENIED));
    const { serviceAccounts } = await t.client.listServiceAccounts({ project: 'team-a' }, t.as('bob'));
    expect(serviceAccounts.map((sa) => sa.name)).toEqual(['builder', 'default']);
    await t.addUser('carol');
    await expect(t.client.listServiceAccounts({ project: 'team-a' }, t.as('carol'))).rejects.toThrow(
      code(ErrorCode.NOT_FOUND),
    );
  });

  it('rotates: the new secret works at once, the old one no longer does', async () => {
    const old = (await t.client.getPullSecret({ project: 'team-a', name: 'default' }, t.as('alice')))
      .pullSecret!;
    const rotated = await t.client.rotatePullSecret({ project: 'team-a', name: 'default' }, t.as('alice'));
    expect(rotated.pullSecret!.password).not.toBe(old.password);
    expect(rotated.serviceAccount!.pullSecretCreatedAt).toBe(rotated.pullSecret!.createdAt);
    await expect(logins.authenticate('team-a+default', rotated.pullSecret!.password)).resolves.toMatchObject({
      name: 'default',
    });
    await expect(logins.authenticate('team-a+default', old.password)).rejects.toThrow(
      code(ErrorCode.UNAUTHORIZED),
    );
    const printed = await t.client.getPullSecret({ project: 'team-a', name: 'default' }, t.as('alice'));
    expect(printed.pullSecret!.password).toBe(rotated.pullSecret!.password);
    expect(t.audit.events).toContainEqual(
      expect.objectContaining({ action: 'pullsecret.rotated', target: 'team-a:default' }),
    );
  });

  it('revokes: no login and nothing to print until the next rotation', async () => {
    const current = (await t.client.getPullSecret({ project: 'team-a', name: 'default' }, t.as('alice')))
      .pullSecret!;
    await t.client.revokePullSecret({ project: 'team-a', name: 'default' }, t.as('alice'));
    await expect(logins.authenticate('team-a+default', current.password)).rejects.toThrow(
      code(ErrorCode.UNAUTHORIZED),
    );
    await expect(
      t.client.getPullSecret({ project: 'team-a', name: 'default' }, t.as('alice')),
    ).rejects.toThrow(
      expect.objectContaining({ code: ErrorCode.NOT_FOUND, message: expect.stringContaining('revoked') }),
    );
    const listed = await t.client.listServiceAccounts({ project: 'team-a' }, t.as('alice'));
    expect(listed.serviceAccounts.find((sa) => sa.name === 'default')!.pullSecretCreatedAt).toBe('');
    const fresh = await t.client.rotatePullSecret({ project: 'team-a', name: 'default' }, t.as('alice'));
    await expect(logins.authenticate('team-a+default', fresh.pullSecret!.password)).resolves.toMatchObject({
      name: 'default',
    });
    expect(t.audit.events).toContainEqual(expect.objectContaining({ action: 'pullsecret.revoked' }));
  });

  it('creates and deletes further accounts; deleting one forgets its bindings everywhere', async () => {
    const { serviceAccount } = await t.client.createServiceAccount(
      { project: 'team-a', name: 'ci' },
      t.as('alice'),
    );
    expect(serviceAccount).toMatchObject({
      name: 'ci',
      username: 'team-a+ci',
      subject: 'system:serviceaccount:team-a:ci',
    });
    await expect(
      t.client.createServiceAccount({ project: 'team-a', name: 'ci' }, t.as('alice')),
    ).rejects.toThrow(code(ErrorCode.ALREADY_EXISTS));
    await expect(
      t.client.createServiceAccount({ project: 'team-a', name: 'CI_bot' }, t.as('alice')),
    ).rejects.toThrow(code(ErrorCode.INVALID_ARGUMENT));
    const secret = (await t.client.getPullSecret({ project: 'team-a', name: 'ci' }, t.as('alice')))
      .pullSecret!;
    const principal = await logins.authenticate('team-a+ci', secret.password);
    await expect(logins.byServiceAccountSubject('system:serviceaccount:team-a:ci')).resolves.toEqual(
      principal,
    );

    await t.client.createProject({ name: 'team-b', public: false }, t.as('bob'));
    await t.client.addRoleBinding(
      { project: 'team-b', role: 'image-puller', subject: { kind: 'serviceaccount', name: 'team-a:ci' } },
      t.as('bob'),
    );
    await t.client.deleteServiceAccount({ project: 'team-a', name: 'ci' }, t.as('alice'));
    expect((await t.client.listRoleBindings({ project: 'team-b' }, t.as('bob'))).bindings).toEqual([]);
    await expect(logins.authenticate('team-a+ci', secret.password)).rejects.toThrow(
      code(ErrorCode.UNAUTHORIZED),
    );
    await expect(logins.byServiceAccountSubject('system:serviceaccount:team-a:ci')).resolves.toBeNull();
    await expect(
      t.client.deleteServiceAccount({ project: 'team-a', name: 'ci' }, t.as('alice')),
    ).rejects.toThrow(code(ErrorCode.NOT_FOUND));
    expect(t.audit.events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['serviceaccount.created', 'serviceaccount.deleted']),
    );
  });

  it('never deletes the default and builder accounts', async () => {
    for (const name of ['default', 'builder']) {
      await expect(t.client.deleteServiceAccount({ project: 'team-a', name }, t.as('alice'))).rejects.toThrow(
        code(ErrorCode.CONFLICT),
      );
    }
  });

  it('never returns or logs a secret in an audit event', async () => {
    const { pullSecret } = await t.client.getPullSecret(
      { project: 'team-a', name: 'builder' },
      t.as('alice'),
    );
    expect(JSON.stringify(t.audit.events)).not.toContain(pullSecret!.password);
    expect(JSON.stringify(t.audit.events)).not.toContain('bsat_');
  });
});
