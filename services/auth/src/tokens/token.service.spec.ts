import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt, verifyJwtSignature, type AccessEntry } from '@berth/auth-client';
import { BerthError, ErrorCode } from '@berth/errors';
import type { AuthConfig } from '../config/auth.config';
import type { SigningKeysService } from '../keys/signing-keys.service';
import type { Principal } from '../users/principal';
import type { UsersService } from '../users/users.service';
import { AdminOnlyAccessPolicy, type AccessPolicy } from './access-policy';
import { TokenService } from './token.service';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const config = {
  BERTH_TOKEN_SERVICE: 'berth',
  BERTH_TOKEN_ISSUER: 'berth-auth',
  BERTH_TOKEN_TTL_SECONDS: 300,
} as AuthConfig;
const admin: Principal = { kind: 'user', subject: 'admin', userId: 'u1', username: 'admin', isAdmin: true };

function tokenService(policy: AccessPolicy = new AdminOnlyAccessPolicy()) {
  const authenticate = jest.fn(async (username: string, secret: string) => {
    if (username === 'admin' && secret === 'pw') return admin;
    throw new BerthError(ErrorCode.UNAUTHORIZED, 'invalid username or password');
  });
  const users = { authenticate } as unknown as UsersService;
  const keys = { activeKey: async () => ({ kid: 'kid-1', privateKey }) } as unknown as SigningKeysService;
  return { service: new TokenService(users, keys, policy, config), authenticate };
}

describe('TokenService.issue', () => {
  it('signs an EdDSA token for the administrator with the requested access', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { service } = tokenService();
    const issued = await service.issue({
      username: 'admin',
      secret: 'pw',
      service: 'berth',
      scopes: ['repository:ns/app:pull,push registry:catalog:*'],
      clientIp: '10.0.0.1',
    });
    const access = [
      { type: 'repository', name: 'ns/app', actions: ['pull', 'push'] },
      { type: 'registry', name: 'catalog', actions: ['*'] },
    ];
    expect(issued).toMatchObject({ subject: 'admin', expiresInSeconds: 300, access });

    const decoded = decodeJwt(issued.token);
    expect(decoded.header).toEqual({ alg: 'EdDSA', typ: 'JWT', kid: 'kid-1' });
    expect(verifyJwtSignature(decoded, publicKey)).toBe(true);
    const claims = decoded.claims;
    expect(claims).toMatchObject({ iss: 'berth-auth', sub: 'admin', aud: 'berth', access });
    expect(claims['iat']).toBeGreaterThanOrEqual(before);
    expect(claims['nbf']).toBe(claims['iat']);
    expect(claims['exp']).toBe((claims['iat'] as number) + 300);
    expect(claims['jti']).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(issued.issuedAt.getTime()).toBe((claims['iat'] as number) * 1000);
  });

  it('issues anonymous tokens with an empty access list', async () => {
    const { service, authenticate } = tokenService();
    const issued = await service.issue({
      service: 'berth',
      scopes: ['repository:ns/app:pull'],
      clientIp: '',
    });
    expect(issued).toMatchObject({ subject: 'anonymous', access: [] });
    expect(decodeJwt(issued.token).claims).toMatchObject({ sub: 'anonymous', access: [] });
    expect(authenticate).not.toHaveBeenCalled();
  });

  it('treats empty username and secret as anonymous', async () => {
    const { service, authenticate } = tokenService();
    await expect(
      service.issue({ username: '', secret: '', service: 'berth', scopes: [], clientIp: '' }),
    ).resolves.toMatchObject({
      subject: 'anonymous',
    });
    expect(authenticate).not.toHaveBeenCalled();
  });

  it('fails with UNAUTHORIZED for bad credentials', async () => {
    const { service } = tokenService();
    await expect(
      service.issue({ username: 'admin', secret: 'nope', service: 'berth', scopes: [], clientIp: '' }),
    ).rejects.toMatchObject({
      code: ErrorCode.UNAUTHORIZED,
    });
  });

  it('fails with INVALID_ARGUMENT for another service', async () => {
    const { service, authenticate } = tokenService();
    await expect(
      service.issue({ username: 'admin', secret: 'pw', service: 'other', scopes: [], clientIp: '' }),
    ).rejects.toMatchObject({
      code: ErrorCode.INVALID_ARGUMENT,
      message: 'unknown service "other"',
    });
    expect(authenticate).not.toHaveBeenCalled();
  });

  it('never signs more than was requested, whatever the policy returns', async () => {
    const generous: AccessPolicy = {
      grant: async (): Promise<AccessEntry[]> => [
        { type: 'repository', name: 'ns/app', actions: ['pull', 'push', 'delete'] },
        { type: 'repository', name: 'ns/unasked', actions: ['pull'] },
      ],
    };
    const { service } = tokenService(generous);
    const issued = await service.issue({
      username: 'admin',
      secret: 'pw',
      service: 'berth',
      scopes: ['repository:ns/app:pull'],
      clientIp: '',
    });
    expect(issued.access).toEqual([{ type: 'repository', name: 'ns/app', actions: ['pull'] }]);
  });
});
