import type { FastifyRequest } from 'fastify';
import type { TokenVerifier, VerifiedToken } from '@berth/auth-client';
import { BerthError, ErrorCode } from '@berth/errors';
import type { GatewayConfig } from '../config/gateway.config';
import { accessFor } from './access-policy';
import { AccessService } from './access.service';
import { AuthFailure } from './auth-failure';
import type { BasicExchangeService } from './basic-exchange.service';
import type { Principal } from './principal';

const config = { BERTH_TOKEN_SERVICE: 'berth', BERTH_PUBLIC_URL: undefined } as unknown as GatewayConfig;
const PULL = accessFor('manifest', 'GET', { name: 'team/app' });
const PUSH = accessFor('upload-start', 'POST', { name: 'team/app' });

function request(authorization?: string): FastifyRequest {
  return {
    headers: authorization ? { authorization } : {},
    ip: '10.0.0.1',
    protocol: 'http',
    host: 'registry.local:5000',
  } as unknown as FastifyRequest;
}

function token(subject: string, actions: string[]): VerifiedToken {
  return {
    subject,
    access: [{ type: 'repository', name: 'team/app', actions }],
    expiresAt: new Date(Date.now() + 60_000),
  };
}

async function failure(p: Promise<unknown>): Promise<AuthFailure> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AuthFailure) return err;
    throw err;
  }
  throw new Error('expected an AuthFailure');
}

describe('AccessService', () => {
  const tokens = new Map<string, VerifiedToken>();
  const verifier = {
    verify: jest.fn(async (t: string) => {
      const v = tokens.get(t);
      if (!v) throw new BerthError(ErrorCode.UNAUTHORIZED, 'invalid token: invalid signature');
      return v;
    }),
  } as unknown as TokenVerifier;
  const exchange = jest.fn<
    Promise<Principal>,
    [string, { username: string; password: string }, string[], string]
  >();
  const basic = { exchange } as unknown as BasicExchangeService;
  const service = new AccessService(config, verifier, basic);

  beforeEach(() => {
    tokens.clear();
    exchange.mockReset();
    tokens.set('admin-rw', token('admin', ['pull', 'push']));
    tokens.set('admin-delete', token('admin', ['delete']));
    tokens.set('anon-pull', token('anonymous', ['pull']));
  });

  it('challenges a request without credentials, naming realm, service and scope', async () => {
    const f = await failure(service.authorize(request(), PUSH));
    expect(f.status).toBe(401);
    expect(f.code).toBe('UNAUTHORIZED');
    expect(f.challenge).toBe(
      'Bearer realm="http://registry.local:5000/auth/token",service="berth",scope="repository:team/app:pull,push"',
    );
    expect(f.body().errors[0].detail).toEqual([
      { Type: 'repository', Name: 'team/app', Action: 'pull' },
      { Type: 'repository', Name: 'team/app', Action: 'push' },
    ]);
  });

  it('uses BERTH_PUBLIC_URL for the realm when set', async () => {
    const withUrl = new AccessService(
      { ...config, BERTH_PUBLIC_URL: 'https://registry.example.com/' },
      verifier,
      basic,
    );
    const f = await failure(withUrl.authorize(request(), PULL));
    expect(f.challenge).toContain('realm="https://registry.example.com/auth/token"');
  });

  it("challenges an invalid token with the verifier's reason", async () => {
    const f = await failure(service.authorize(request('Bearer forged'), PULL));
    expect(f.status).toBe(401);
    expect(f.message).toBe('invalid token: invalid signature');
    expect(f.challenge).not.toContain('insufficient_scope');
  });

  it('lets a token through that grants every required action', async () => {
    await expect(service.authorize(request('Bearer admin-rw'), PUSH)).resolves.toMatchObject({
      subject: 'admin',
      via: 'bearer',
    });
    await expect(service.authorize(request('bearer anon-pull'), PULL)).resolves.toMatchObject({
      subject: 'anonymous',
    });
  });

  it('accepts any valid token on /v2/', async () => {
    await expect(
      service.authorize(request('Bearer anon-pull'), accessFor('base', 'GET', {})),
    ).resolves.toBeDefined();
  });

  it('answers an anonymous token lacking an action with 401 UNAUTHORIZED and insufficient_scope', async () => {
    const f = await failure(service.authorize(request('Bearer anon-pull'), PUSH));
    expect(f.status).toBe(401);
    expect(f.code).toBe('UNAUTHORIZED');
    expect(f.challenge).toContain('error="insufficient_scope"');
  });

  it('answers an authenticated token lacking an action with 401 DENIED so the client can fetch a wider token', async () => {
    const f = await failure(service.authorize(request('Bearer admin-delete'), PULL));
    expect(f.status).toBe(401);
    expect(f.code).toBe('DENIED');
    expect(f.challenge).toContain('scope="repository:team/app:pull",error="insufficient_scope"');
  });

  it("exchanges Basic credentials for the request's scopes", async () => {
    exchange.mockResolvedValue({
      subject: 'admin',
      access: token('admin', ['pull', 'push']).access,
      via: 'basic',
    });
    const header = `Basic ${Buffer.from('admin:s3cr:et').toString('base64')}`;
    await expect(service.authorize(request(header), PUSH)).resolves.toMatchObject({ subject: 'admin' });
    expect(exchange).toHaveBeenCalledWith(
      header,
      { username: 'admin', password: 's3cr:et' },
      ['repository:team/app:pull,push'],
      '10.0.0.1',
    );
  });

  it('refuses Basic credentials lacking the action with 403 DENIED', async () => {
    exchange.mockResolvedValue({ subject: 'reader', access: token('reader', ['pull']).access, via: 'basic' });
    const f = await failure(
      service.authorize(request(`Basic ${Buffer.from('reader:x').toString('base64')}`), PUSH),
    );
    expect(f.status).toBe(403);
    expect(f.code).toBe('DENIED');
    expect(f.challenge).toBeUndefined();
  });

  it('challenges wrong Basic credentials and malformed headers', async () => {
    exchange.mockRejectedValue(new BerthError(ErrorCode.UNAUTHORIZED, 'invalid username or password'));
    expect(
      (await failure(service.authorize(request(`Basic ${Buffer.from('a:b').toString('base64')}`), PULL)))
        .status,
    ).toBe(401);
    expect((await failure(service.authorize(request('Negotiate abc'), PULL))).status).toBe(401);
    expect((await failure(service.authorize(request('Basic !!!'), PULL))).status).toBe(401);
  });

  it('lets an unavailable auth service surface as itself (503), not as a challenge', async () => {
    exchange.mockRejectedValue(new BerthError(ErrorCode.UNAVAILABLE, 'auth is down'));
    await expect(
      service.authorize(request(`Basic ${Buffer.from('a:b').toString('base64')}`), PULL),
    ).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
  });
});
