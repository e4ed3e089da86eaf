import { ErrorCode } from '@berth/errors';
import {
  basicAuth,
  bearerAuth,
  startIdentityTestApp,
  type IdentityTestApp,
} from '../identity/testing/identity-test-app';

const ADMIN_PASSWORD = 'rotation-admin-password';

describe('IdentityService.RotateSigningKey (real PostgreSQL)', () => {
  let running: IdentityTestApp;
  const token = async (username: string, secret: string) =>
    (
      await running.auth.issueToken({
        username,
        secret,
        service: 'berth-test',
        scopes: [],
        clientIp: '192.0.2.10',
      })
    ).token;

  beforeAll(async () => {
    running = await startIdentityTestApp({
      BERTH_ADMIN_PASSWORD: ADMIN_PASSWORD,
      BERTH_TOKEN_SERVICE: 'berth-test',
      BERTH_TOKEN_ISSUER: 'berth-auth-test',
      BERTH_TOKEN_TTL_SECONDS: '300',
    });
    await running.identity.createUser(
      { username: 'plain', password: 'plain-password-1', registryAdmin: false },
      basicAuth('admin', ADMIN_PASSWORD),
    );
  });

  afterAll(() => running?.close());

  it('lets a registry administrator rotate; tokens signed before keep verifying', async () => {
    const before = await running.auth.getSigningKeys({});
    expect(before.keys).toHaveLength(1);
    const oldToken = await token('admin', ADMIN_PASSWORD);

    const rotated = await running.identity.rotateSigningKey({}, basicAuth('admin', ADMIN_PASSWORD));
    expect(rotated.keyId).not.toBe(before.keys[0].keyId);
    expect(rotated.retiredKeyIds).toEqual([before.keys[0].keyId]);
    expect(Date.parse(rotated.retiredKeysExpireAt)).toBeGreaterThan(Date.now() + 299_000);

    const after = await running.auth.getSigningKeys({});
    expect(after.keys.map((k) => k.keyId).sort()).toEqual([before.keys[0].keyId, rotated.keyId].sort());
    // The old token still authenticates (nobody is logged out); new tokens use the new key.
    await expect(running.identity.whoAmI({}, bearerAuth(oldToken))).resolves.toMatchObject({
      caller: { subject: 'admin' },
    });
    const newToken = await token('admin', ADMIN_PASSWORD);
    const kid = JSON.parse(Buffer.from(newToken.split('.')[0], 'base64url').toString()).kid as string;
    expect(kid).toBe(rotated.keyId);

    const events = await running.query<{ action: string; actor: string; target: string }>(
      `SELECT action, actor, target FROM auth.audit_events WHERE action = 'signingkey.rotated'`,
    );
    expect(events).toEqual([{ action: 'signingkey.rotated', actor: 'admin', target: rotated.keyId }]);
  });

  it('refuses anyone else, and an administrator holding only an access token', async () => {
    await expect(running.identity.rotateSigningKey({})).rejects.toMatchObject({
      code: ErrorCode.UNAUTHORIZED,
    });
    await expect(
      running.identity.rotateSigningKey({}, basicAuth('plain', 'plain-password-1')),
    ).rejects.toMatchObject({ code: ErrorCode.DENIED });
    const adminAccessToken = await token('admin', ADMIN_PASSWORD);
    await expect(running.identity.rotateSigningKey({}, bearerAuth(adminAccessToken))).rejects.toMatchObject({
      code: ErrorCode.DENIED,
    });
    expect((await running.auth.getSigningKeys({})).keys).toHaveLength(2);
  });
});
