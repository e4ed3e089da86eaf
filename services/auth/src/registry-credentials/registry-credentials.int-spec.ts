import { ErrorCode } from '@berth/errors';
import { startProjectsTestApp, type ProjectsTestApp } from '../projects/testing/projects-test-app';
import { SecretsCipher } from '../secrets/secrets-cipher';
import { credentialContext } from './registry-credential';

// Registry credentials over gRPC with real PostgreSQL: the password is encrypted at rest and never returned.
jest.setTimeout(60_000);

const code = (c: ErrorCode) => expect.objectContaining({ code: c });
const PASSWORD = 'quay-robot-password-0123';

describe('registry credentials (gRPC, real PostgreSQL)', () => {
  let t: ProjectsTestApp;

  beforeAll(async () => {
    t = await startProjectsTestApp();
    await t.addUser('alice');
    await t.addUser('mia');
    await t.addUser('dev');
    await t.client.createProject({ name: 'team-a', public: true }, t.as('alice'));
    for (const [name, role] of [
      ['mia', 'maintainer'],
      ['dev', 'developer'],
    ]) {
      await t.client.addMember({ project: 'team-a', subject: { kind: 'user', name }, role }, t.as('alice'));
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  it('stores a credential with a normalized server and never returns the password', async () => {
    const { credential } = await t.client.createRegistryCredential(
      {
        project: 'team-a',
        name: 'quay',
        server: 'https://Quay.io/v2/',
        username: 'robot+ci',
        password: PASSWORD,
        email: 'ops@example.com',
      },
      t.as('alice'),
    );
    expect(credential).toEqual({
      project: 'team-a',
      name: 'quay',
      server: 'quay.io',
      username: 'robot+ci',
      email: 'ops@example.com',
      createdAt: expect.any(String),
    });
    const { credentials } = await t.client.listRegistryCredentials({ project: 'team-a' }, t.as('mia'));
    expect(credentials).toEqual([credential]);
    expect(JSON.stringify(credentials)).not.toContain(PASSWORD);
    expect(JSON.stringify(t.audit.events)).not.toContain(PASSWORD);
    expect(t.audit.events).toContainEqual(
      expect.objectContaining({
        action: 'credential.created',
        target: 'quay',
        details: { server: 'quay.io' },
      }),
    );
  });

  it('keeps the password encrypted at rest, readable only with the secrets key and its own row', async () => {
    const rows: Array<{ id: string; password_sealed: Buffer; password_key_id: string }> =
      await t.dataSource.query(
        `SELECT id, password_sealed, password_key_id FROM "auth"."registry_credentials" WHERE name = 'quay'`,
      );
    const [row] = rows;
    expect(row.password_sealed.toString('latin1')).not.toContain(PASSWORD);
    const cipher = t.app.get(SecretsCipher);
    expect(row.password_key_id).toBe(cipher.keyId);
    expect(
      cipher.open({ keyId: row.password_key_id, sealed: row.password_sealed }, credentialContext(row.id)),
    ).toBe(PASSWORD);
    expect(() =>
      cipher.open(
        { keyId: row.password_key_id, sealed: row.password_sealed },
        credentialContext('another-row'),
      ),
    ).toThrow(code(ErrorCode.UNKNOWN));
  });

  it('validates input and refuses a taken name', async () => {
    const create = (over: Record<string, string>) =>
      t.client.createRegistryCredential(
        {
          project: 'team-a',
          name: 'other',
          server: 'ghcr.io',
          username: 'u',
          password: 'p',
          email: '',
          ...over,
        },
        t.as('alice'),
      );
    await expect(create({ name: 'quay' })).rejects.toThrow(code(ErrorCode.ALREADY_EXISTS));
    await expect(create({ server: 'not a server' })).rejects.toThrow(code(ErrorCode.INVALID_ARGUMENT));
    await expect(create({ name: 'Bad_Name' })).rejects.toThrow(code(ErrorCode.INVALID_ARGUMENT));
    await expect(create({ password: '' })).rejects.toThrow(code(ErrorCode.INVALID_ARGUMENT));
  });

  it('lets admins manage, maintainers list, and nobody else in', async () => {
    await expect(
      t.client.createRegistryCredential(
        { project: 'team-a', name: 'x', server: 'ghcr.io', username: 'u', password: 'p', email: '' },
        t.as('mia'),
      ),
    ).rejects.toThrow(code(ErrorCode.DENIED));
    await expect(t.client.listRegistryCredentials({ project: 'team-a' }, t.as('dev'))).rejects.toThrow(
      code(ErrorCode.DENIED),
    );
    await expect(t.client.listRegistryCredentials({ project: 'team-a' }, t.as())).rejects.toThrow(
      code(ErrorCode.UNAUTHORIZED),
    );
    await expect(
      t.client.deleteRegistryCredential({ project: 'team-a', name: 'quay' }, t.as('mia')),
    ).rejects.toThrow(code(ErrorCode.DENIED));
  });

  it('deletes a credential', async () => {
    await t.client.deleteRegistryCredential({ project: 'team-a', name: 'quay' }, t.as('alice'));
    expect(
      (await t.client.listRegistryCredentials({ project: 'team-a' }, t.as('alice'))).credentials,
    ).toEqual([]);
    await expect(
      t.client.deleteRegistryCredential({ project: 'team-a', name: 'quay' }, t.as('alice')),
    ).rejects.toThrow(code(ErrorCode.NOT_FOUND));
    expect(t.audit.events).toContainEqual(
      expect.objectContaining({ action: 'credential.deleted', target: 'quay' }),
    );
  });
});
