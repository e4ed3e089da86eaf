import { generateKeyPairSync } from 'node:crypto';
import { signJwt } from '@berth/auth-client';
import { BerthError, ErrorCode } from '@berth/errors';
import { ALICE, BUILDER_SA, metadataOf } from '../identity/testing/identity-fakes';
import type { SigningKeysService } from '../keys/signing-keys.service';
import type { ServiceAccountCredentials } from '../ports/service-account-credentials.port';
import { ANONYMOUS_PRINCIPAL } from '../users/principal';
import type { User } from '../users/user';
import type { UsersService } from '../users/users.service';
import { CallerAuthenticatorService, parseBasic } from './caller-authenticator.service';
import type { CredentialAuthenticator } from './credential-authenticator';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

function token(claims: Record<string, unknown>, key = privateKey): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwt(
    { alg: 'EdDSA', typ: 'JWT', kid: 'kid-1' },
    { iss: 'berth-auth', aud: 'berth', iat: now, nbf: now, exp: now + 300, jti: 'j', access: [], ...claims },
    key,
  );
}

function user(username: string, over: Partial<User> = {}): User {
  return {
    id: `id-${username}`,
    username,
    isAdmin: false,
    disabled: false,
    createdAt: new Date(),
    updatedAt: new Date(),
    groups: [],
    ...over,
  };
}

describe('CallerAuthenticatorService', () => {
  const users = new Map<string, User>([
    ['alice', user('alice')],
    ['off', user('off', { disabled: true })],
  ]);
  let credentials: jest.Mock;
  let bySubject: jest.Mock;
  let callers: CallerAuthenticatorService;

  beforeEach(() => {
    credentials = jest.fn(async (username: string, secret: string) => {
      if (username === 'alice' && secret === 'pw:with:colons')
        return { principal: ALICE, credential: 'password' };
      throw new BerthError(ErrorCode.UNAUTHORIZED, 'invalid username or password');
    });
    bySubject = jest.fn(async (subject: string) => (subject === BUILDER_SA.subject ? BUILDER_SA : null));
    const keys = {
      publication: async () => ({
        keys: [{ kid: 'kid-1', algorithm: 'EdDSA', publicKeyPem, expiresAt: null }],
        issuer: 'berth-auth',
        audience: 'berth',
      }),
    } as unknown as SigningKeysService;
    const serviceAccounts: ServiceAccountCredentials = {
      authenticate: async () => null,
      byServiceAccountSubject: bySubject,
    };
    callers = new CallerAuthenticatorService(
      { authenticate: credentials } as unknown as CredentialAuthenticator,
      { find: async (name: string) => users.get(name) ?? null } as unknown as UsersService,
      serviceAccounts,
      keys,
    );
  });

  it('answers anonymous without an authorization header, with the client address', async () => {
    await expect(callers.authenticate(metadataOf({ 'berth-client-ip': '192.0.2.5' }))).resolves.toEqual({
      principal: ANONYMOUS_PRINCIPAL,
      clientIp: '192.0.2.5',
      via: 'anonymous',
    });
    await expect(callers.authenticate(metadataOf({}))).resolves.toEqual({
      principal: ANONYMOUS_PRINCIPAL,
      clientIp: '',
      via: 'anonymous',
    });
  });

  it('rebuilds a user from a Bearer access token, with its current groups', async () => {
    users.set('alice', user('alice', { groups: ['devs'], isAdmin: true }));
    const call = await callers.authenticate(
      metadataOf({ authorization: `Bearer ${token({ sub: 'alice' })}`, 'berth-client-ip': '192.0.2.5' }),
    );
    expect(call).toEqual({
      principal: {
        kind: 'user',
        subject: 'alice',
        userId: 'id-alice',
        username: 'alice',
        isAdmin: true,
        groups: ['devs'],
      },
      clientIp: '192.0.2.5',
      via: 'bearer',
    });
    users.set('alice', user('alice'));
  });

  it('refuses a Bearer token of a disabled or deleted user', async () => {
    await expect(
      callers.authenticate(metadataOf({ authorization: `Bearer ${token({ sub: 'off' })}` })),
    ).rejects.toEqual(new BerthError(ErrorCode.UNAUTHORIZED, 'user is disabled'));
    await expect(
      callers.authenticate(metadataOf({ authorization: `Bearer ${token({ sub: 'gone' })}` })),
    ).rejects.toMatchObject({ code: ErrorCode.UNAUTHORIZED });
  });

  it('refuses tokens that are expired, for another audience or issuer, or signed with another key', async () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    const past = Math.floor(Date.now() / 1000) - 3600;
    for (const bad of [
      token({ sub: 'alice', exp: past, nbf: past - 300, iat: past - 300 }),
      token({ sub: 'alice', aud: 'someone-else' }),
      token({ sub: 'alice', iss: 'someone-else' }),
      token({ sub: 'alice' }, other),
      'not-a-jwt',
    ]) {
      await expect(
        callers.authenticate(metadataOf({ authorization: `Bearer ${bad}` })),
      ).rejects.toMatchObject({
        code: ErrorCode.UNAUTHORIZED,
      });
    }
  });

  it('asks the service-account port for a service-account subject', async () => {
    await expect(
      callers.authenticate(metadataOf({ authorization: `Bearer ${token({ sub: BUILDER_SA.subject })}` })),
    ).resolves.toMatchObject({ principal: BUILDER_SA });
    await expect(
      callers.authenticate(
        metadataOf({ authorization: `Bearer ${token({ sub: 'system:serviceaccount:team-a:deleted' })}` }),
      ),
    ).rejects.toEqual(new BerthError(ErrorCode.UNAUTHORIZED, 'the service account no longer exists'));
  });

  it('treats a token issued to anonymous as anonymous', async () => {
    await expect(
      callers.authenticate(metadataOf({ authorization: `Bearer ${token({ sub: 'anonymous' })}` })),
    ).resolves.toMatchObject({ principal: ANONYMOUS_PRINCIPAL });
  });

  it('sends Basic credentials through the authentication path (the secret may hold colons)', async () => {
    const basic = Buffer.from('alice:pw:with:colons').toString('base64');
    await expect(
      callers.authenticate(metadataOf({ authorization: `Basic ${basic}`, 'berth-client-ip': '192.0.2.9' })),
    ).resolves.toEqual({ principal: ALICE, clientIp: '192.0.2.9', via: 'password' });
    expect(credentials).toHaveBeenCalledWith('alice', 'pw:with:colons', '192.0.2.9');
    const wrong = Buffer.from('alice:nope').toString('base64');
    await expect(callers.authenticate(metadataOf({ authorization: `basic ${wrong}` }))).rejects.toMatchObject(
      {
        code: ErrorCode.UNAUTHORIZED,
      },
    );
  });

  it('tells how the caller authenticated, with the expiry of an API token', async () => {
    const expiry = new Date('2025-07-01T00:00:00Z');
    credentials.mockImplementation(async (username: string) =>
      username === 'alice'
        ? { principal: ALICE, credential: 'api-token', expiresAt: expiry }
        : { principal: BUILDER_SA, credential: 'pull-secret' },
    );
    const basic = (user: string) =>
      metadataOf({ authorization: `Basic ${Buffer.from(`${user}:secret`).toString('base64')}` });
    await expect(callers.authenticate(basic('alice'))).resolves.toEqual({
      principal: ALICE,
      clientIp: '',
      via: 'api-token',
      credentialExpiresAt: expiry,
    });
    await expect(callers.authenticate(basic('team-a+builder'))).resolves.toEqual({
      principal: BUILDER_SA,
      clientIp: '',
      via: 'pull-secret',
    });
    await expect(
      callers.authenticate(metadataOf({ authorization: `Bearer ${token({ sub: BUILDER_SA.subject })}` })),
    ).resolves.toMatchObject({ via: 'bearer' });
    await expect(
      callers.authenticate(metadataOf({ authorization: `Bearer ${token({ sub: 'anonymous' })}` })),
    ).resolves.toMatchObject({ principal: ANONYMOUS_PRINCIPAL, via: 'bearer' });
  });

  it('refuses malformed Basic credentials and other schemes', async () => {
    for (const header of [
      'Basic !!!',
      `Basic ${Buffer.from('no-colon').toString('base64')}`,
      'Digest abc',
      'Bearer',
    ]) {
      await expect(callers.authenticate(metadataOf({ authorization: header }))).rejects.toMatchObject({
        code: ErrorCode.UNAUTHORIZED,
      });
    }
    expect(credentials).not.toHaveBeenCalled();
  });

  it('parses Basic credentials', () => {
    expect(parseBasic(Buffer.from('a:b:c').toString('base64'))).toEqual({ username: 'a', secret: 'b:c' });
    expect(parseBasic(Buffer.from(':b').toString('base64'))).toBeNull();
    expect(parseBasic('%%%')).toBeNull();
  });
});
