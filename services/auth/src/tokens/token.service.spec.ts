import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt, verifyJwtSignature, type AccessEntry } from '@berth/auth-client';
import { BerthError, ErrorCode } from '@berth/errors';
import type { CredentialAuthenticator } from '../authn/credential-authenticator';
import type { AuthConfig } from '../config/auth.config';
import type { SigningKeysService } from '../keys/signing-keys.service';
import type { AuditLog, AuditRecord } from '../ports/audit-log.port';
import type { Principal } from '../users/principal';
import type { AccessPolicy } from './access-policy';
import type { RequestedAccess } from './scope-parser';
import { TokenService } from './token.service';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const config = {
  BERTH_TOKEN_SERVICE: 'berth',
  BERTH_TOKEN_ISSUER: 'berth-auth',
  BERTH_TOKEN_TTL_SECONDS: 300,
} as AuthConfig;
const admin: Principal = {
  kind: 'user',
  subject: 'admin',
  userId: 'u1',
  username: 'admin',
  isAdmin: true,
  groups: [],
};

/** Grants an administrator everything it asks for, anyone else nothing. */
const adminOnly: AccessPolicy = {
  grant: async (principal: Principal, requested: readonly RequestedAccess[]): Promise<AccessEntry[]> =>
    principal.kind === 'user' && principal.isAdmin
      ? requested.map((r) => ({ type: r.type, name: r.name, actions: [...r.actions] }))
      : [],
};

function tokenService(policy: AccessPolicy = adminOnly) {
  const authenticate = jest.fn(async (username: string, secret: string) => {
    if (username === 'admin' && secret === 'pw') return { principal: admin, credential: 'password' as const };
    if (username === 'admin' && secret === 'bpat_x')
      return { principal: admin, credential: 'api-token' as const };
    if (username === 'locked') throw new BerthError(ErrorCode.TOOMANYREQUESTS, 'too many failed logins');
    throw new BerthError(ErrorCode.UNAUTHORIZED, 'invalid username or password');
  });
  const credentials = { authenticate } as unknown as CredentialAuthenticator;
  const keys = { activeKey: async () => ({ kid: 'kid-1', privateKey }) } as unknown as SigningKeysService;
  const recorded: AuditRecord[] = [];
  const audit: AuditLog = { record: async (event) => void recorded.push(event) };
  return { service: new TokenService(credentials, keys, policy, audit, config), authenticate, recorded };
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

  it('records one token.issued event per token, with the credential, what was asked and what was granted', async () => {
    const { service, recorded } = tokenService();
    await service.issue({
      username: 'admin',
      secret: 'bpat_x',
      service: 'berth',
      scopes: ['repository:team-a/app:pull,push', 'registry:catalog:*'],
      clientIp: '10.0.0.7',
    });
    expect(recorded).toEqual([
      {
        actor: 'admin',
        action: 'token.issued',
        project: 'team-a',
        target: 'berth',
        clientIp: '10.0.0.7',
        outcome: 'success',
        details: {
          credential: 'api-token',
          requested: 'repository:team-a/app:pull,push registry:catalog:*',
          granted: 'repository:team-a/app:pull,push registry:catalog:*',
        },
      },
    ]);
    expect(JSON.stringify(recorded)).not.toContain('bpat_x');
  });

  it('records no event for anonymous tokens, and none for refused credentials (the login path audits those)', async () => {
    const { service, recorded } = tokenService();
    await service.issue({ service: 'berth', scopes: ['repository:ns/app:pull'], clientIp: '' });
    await service
      .issue({ username: 'admin', secret: 'nope', service: 'berth', scopes: [], clientIp: '' })
      .catch(() => undefined);
    expect(recorded).toEqual([]);
  });

  it('passes a throttled login through as TOOMANYREQUESTS', async () => {
    const { service } = tokenService();
    await expect(
      service.issue({ username: 'locked', secret: 'x', service: 'berth', scopes: [], clientIp: '10.0.0.1' }),
    ).rejects.toMatchObject({ code: ErrorCode.TOOMANYREQUESTS });
  });

  it('authenticates through the credential path with the client address', async () => {
    const { service, authenticate } = tokenService();
    await service.issue({
      username: 'admin',
      secret: 'pw',
      service: 'berth',
      scopes: [],
      clientIp: '10.0.0.3',
    });
    expect(authenticate).toHaveBeenCalledWith('admin', 'pw', '10.0.0.3');
  });
});
