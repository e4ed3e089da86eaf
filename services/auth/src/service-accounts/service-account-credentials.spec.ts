import { ErrorCode } from '@berth/errors';
import { newPullSecret } from './pull-secret-token';
import type { ServiceAccountWithSecret } from './service-account';
import { ServiceAccountLogins } from './service-account-credentials';
import type { ServiceAccountsRepository } from './service-accounts.repository';

const secret = newPullSecret();
const account: ServiceAccountWithSecret = {
  id: 'sa-1',
  projectId: 'p-1',
  project: 'team-a',
  name: 'builder',
  createdAt: new Date(0),
  secretCreatedAt: new Date(0),
  secret: {
    id: secret.id,
    hash: secret.hash,
    sealed: Buffer.alloc(40),
    keyId: 'k1-x',
    createdAt: new Date(0),
  },
};

function logins(stored: ServiceAccountWithSecret | null = account) {
  const find = jest.fn(async (project: string, name: string) =>
    stored && project === stored.project && name === stored.name ? stored : null,
  );
  return { logins: new ServiceAccountLogins({ find } as unknown as ServiceAccountsRepository), find };
}

const unauthorized = expect.objectContaining({
  code: ErrorCode.UNAUTHORIZED,
  message: 'invalid username or password',
});

describe('ServiceAccountLogins.authenticate', () => {
  it('accepts <project>+<name> with the current pull secret', async () => {
    await expect(logins().logins.authenticate('team-a+builder', secret.token)).resolves.toEqual({
      kind: 'serviceaccount',
      subject: 'system:serviceaccount:team-a:builder',
      serviceAccountId: 'sa-1',
      project: 'team-a',
      name: 'builder',
    });
  });

  it('reads the username case-insensitively', async () => {
    await expect(logins().logins.authenticate('Team-A+Builder', secret.token)).resolves.toMatchObject({
      subject: 'system:serviceaccount:team-a:builder',
    });
  });

  it('leaves usernames without "+" to the users (null), without a query', async () => {
    const { logins: l, find } = logins();
    await expect(l.authenticate('alice', secret.token)).resolves.toBeNull();
    expect(find).not.toHaveBeenCalled();
  });

  it.each([
    ['another token', 'team-a+builder', newPullSecret().token],
    ['a password', 'team-a+builder', 'hunter2'],
    ['an unknown account', 'team-a+ghost', secret.token],
    ['an unknown project', 'team-b+builder', secret.token],
    ['a malformed username', 'team-a+', secret.token],
    ['a malformed project', 'A+builder', secret.token],
  ])('refuses %s with UNAUTHORIZED', async (_what, username, token) => {
    await expect(logins().logins.authenticate(username, token)).rejects.toThrow(unauthorized);
  });

  it('refuses a revoked pull secret', async () => {
    const revoked = { ...account, secret: null, secretCreatedAt: null };
    await expect(logins(revoked).logins.authenticate('team-a+builder', secret.token)).rejects.toThrow(
      unauthorized,
    );
  });

  it('refuses a token whose id matches but whose random part does not', async () => {
    const forged = `bsat_${secret.id}_${'A'.repeat(43)}`;
    await expect(logins().logins.authenticate('team-a+builder', forged)).rejects.toThrow(unauthorized);
  });
});

describe('ServiceAccountLogins.byServiceAccountSubject', () => {
  it('rebuilds the principal of an existing account', async () => {
    await expect(
      logins().logins.byServiceAccountSubject('system:serviceaccount:team-a:builder'),
    ).resolves.toMatchObject({
      kind: 'serviceaccount',
      serviceAccountId: 'sa-1',
    });
  });

  it.each([
    'system:serviceaccount:team-a:ghost',
    'system:serviceaccount:team-a',
    'alice',
    'system:serviceaccount::x',
  ])('answers null for %j', async (subject) => {
    await expect(logins().logins.byServiceAccountSubject(subject)).resolves.toBeNull();
  });
});
