import { randomBytes } from 'node:crypto';
import { signJwt } from '@berth/auth-client';
import { AUTH_CONFIG_SCHEMA } from '../../services/auth/src/config/auth.config';
import { formatOutcome } from '../support/access/matrix';
import { getManifest, pushImage, tinyImage, v2Outcome } from '../support/access/oci';
import { outcomeOf, type Credentials } from '../support/access/http';
import { RestClient } from '../support/access/rest';
import { noteSecret } from '../support/access/secrets';
import { readActiveSigningKey } from '../support/access/signing-key';
import {
  decodeClaims,
  discoverRealm,
  grantedActions,
  requestToken,
  type TokenRealm,
} from '../support/access/tokens';
import { password } from '../support/access/world';
import { registry } from '../support/registry-env';

// How access ends: tokens expire (at most BERTH_TOKEN_TTL_SECONDS = 300 s after issue), a
// revoked API token or pull secret, a disabled user and a removed member get no new token
// grants, and failed logins are throttled per user and client address.
describe('token lifetime, revocation and login throttling', () => {
  const r = registry();
  const admin = new RestClient(r.url, { username: r.user, secret: r.password });
  const tag = randomBytes(3).toString('hex');
  const project = `lc${tag}`;
  const repo = `${project}/app`;
  const image = tinyImage('lifecycle');
  let realm: TokenRealm;

  const newUser = async (name: string): Promise<Credentials> => {
    const creds = { username: `lc${tag}-${name}`, secret: password() };
    await admin.createUser(creds.username, creds.secret);
    noteSecret(`password of ${creds.username}`, creds.secret, creds.username);
    return creds;
  };
  const token = async (creds: Credentials | undefined, scopes: string[]) => {
    const reply = await requestToken(realm, creds, scopes);
    if (reply.token) noteSecret('access token (signature)', reply.token.split('.')[2]);
    return reply;
  };

  beforeAll(async () => {
    noteSecret('admin password', r.password, r.user);
    realm = await discoverRealm(r.url);
    await admin.createProject(project, false);
    const adminToken = await token({ username: r.user, secret: r.password }, [
      `repository:${repo}:pull,push`,
    ]);
    const pushed = await pushImage(r.url, adminToken.token, repo, 'v1', image);
    if (pushed.outcome.status !== 201) throw new Error(`admin push: ${JSON.stringify(pushed)}`);
  });

  it('issues tokens that expire within the configured lifetime (300 s at most)', async () => {
    const ttl = AUTH_CONFIG_SCHEMA.BERTH_TOKEN_TTL_SECONDS.default;
    expect(ttl).toBeLessThanOrEqual(300);
    const before = Math.floor(Date.now() / 1000);
    const reply = await token({ username: r.user, secret: r.password }, [`repository:${repo}:pull`]);
    const after = Math.ceil(Date.now() / 1000);
    const claims = decodeClaims(reply.token!);
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(ttl);
    expect(claims.exp - claims.iat).toBeGreaterThan(0);
    expect(claims.iat).toBeGreaterThanOrEqual(before - 1);
    expect(claims.iat).toBeLessThanOrEqual(after + 1);
    expect(reply.expiresIn).toBe(claims.exp - claims.iat);
    const anonymous = decodeClaims((await token(undefined, [`repository:${repo}:pull`])).token!);
    expect(anonymous.exp - anonymous.iat).toBeLessThanOrEqual(ttl);
  });

  it('refuses a correctly signed token whose exp has passed, on /v2/ and on the API', async () => {
    const real = decodeClaims(
      (await token({ username: r.user, secret: r.password }, [`repository:${repo}:pull`])).token!,
    );
    const key = await readActiveSigningKey(r.dataDir);
    const now = Math.floor(Date.now() / 1000);
    const forge = (exp: number) =>
      signJwt(
        { alg: 'EdDSA', typ: 'JWT', kid: key.kid },
        {
          iss: real.iss,
          sub: r.user,
          aud: real.aud,
          iat: exp - 300,
          nbf: exp - 300,
          exp,
          jti: randomBytes(16).toString('base64url'),
          access: [{ type: 'repository', name: repo, actions: ['pull'] }],
        },
        key.privateKeyPem,
      );
    // The same forgery, still valid: proves the key and claims are right, so only exp differs.
    const fresh = forge(now + 120);
    expect((await getManifest(r.url, fresh, repo, 'v1')).status).toBe(200);

    // Expired two minutes ago: beyond the verifiers' 30 s clock leeway.
    const expired = forge(now - 120);
    const res = await getManifest(r.url, expired, repo, 'v1');
    expect(formatOutcome(outcomeOf(res))).toBe('401 UNAUTHORIZED');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="[^"]+",service="[^"]+"/);
    expect(res.headers.get('www-authenticate')).not.toMatch(/insufficient_scope/);
    const api = await new RestClient(r.url, { bearer: expired }).send('GET', '/whoami');
    expect(formatOutcome(outcomeOf(api))).toBe('401 UNAUTHORIZED');
  });

  it('a revoked API token gets no token at /auth/token and no API access', async () => {
    const user = await newUser('tokens');
    const self = new RestClient(r.url, user);
    const secret = await self.createApiToken(user.username, 'ci', 1);
    noteSecret(`API token of ${user.username}`, secret, user.username);
    const withToken = { username: user.username, secret };
    const ok = await token(withToken, []);
    expect(ok.status).toBe(200);
    expect(decodeClaims(ok.token!).sub).toBe(user.username);

    await self.revokeApiToken(user.username, 'ci');
    const refused = await token(withToken, []);
    expect({ status: refused.status, code: refused.code }).toEqual({ status: 401, code: 'UNAUTHORIZED' });
    const api = await new RestClient(r.url, withToken).send('GET', '/whoami');
    expect(formatOutcome(outcomeOf(api))).toBe('401 UNAUTHORIZED');
    // The password still works.
    expect((await token(user, [])).status).toBe(200);
  });

  it('a removed member gets no new grants', async () => {
    const user = await newUser('leaver');
    await admin.addMember(project, { kind: 'user', name: user.username }, 'developer');
    const before = await token(user, [`repository:${repo}:pull,push`]);
    expect(grantedActions(before.token!, repo)).toEqual(['pull', 'push']);

    await admin.removeMember(project, { kind: 'user', name: user.username });
    const after = await token(user, [`repository:${repo}:pull,push`]);
    expect(after.status).toBe(200);
    expect(grantedActions(after.token!, repo)).toEqual([]);
    expect(formatOutcome(v2Outcome(await getManifest(r.url, after.token, repo, 'v1'), true))).toBe(
      '401 DENIED',
    );
    const pushed = await pushImage(r.url, after.token, repo, 'by-leaver', tinyImage('leaver'));
    expect(formatOutcome(pushed.outcome)).toBe('401 DENIED');
  });

  it('a disabled user cannot log in', async () => {
    const user = await newUser('disabled');
    expect((await token(user, [])).status).toBe(200);
    await admin.updateUser(user.username, { disabled: true });
    const refused = await token(user, []);
    expect({ status: refused.status, code: refused.code }).toEqual({ status: 401, code: 'UNAUTHORIZED' });
  });

  it('a rotated or revoked pull secret stops working for new logins', async () => {
    const scopes = [`repository:${repo}:pull`];
    const first = await admin.pullSecret(project, 'default');
    noteSecret(`pull secret of ${project}:default`, first.password, first.username);
    const asSa = (p: { username: string; password: string }) => ({
      username: p.username,
      secret: p.password,
    });
    const ok = await token(asSa(first), scopes);
    expect(decodeClaims(ok.token!).sub).toBe(`system:serviceaccount:${project}:default`);
    expect(grantedActions(ok.token!, repo)).toEqual(['pull']);

    const rotated = await admin.rotatePullSecret(project, 'default');
    noteSecret(`pull secret of ${project}:default`, rotated.password, rotated.username);
    expect(rotated.password).not.toBe(first.password);
    expect((await admin.pullSecret(project, 'default')).password).toBe(rotated.password);
    const old = await token(asSa(first), scopes);
    expect({ status: old.status, code: old.code }).toEqual({ status: 401, code: 'UNAUTHORIZED' });
    expect(grantedActions((await token(asSa(rotated), scopes)).token!, repo)).toEqual(['pull']);

    await admin.revokePullSecret(project, 'default');
    const revoked = await token(asSa(rotated), scopes);
    expect({ status: revoked.status, code: revoked.code }).toEqual({ status: 401, code: 'UNAUTHORIZED' });
  });

  it('throttles failed logins of one user after the configured number of failures, and only that user', async () => {
    const max = AUTH_CONFIG_SCHEMA.BERTH_LOGIN_MAX_FAILURES.default;
    const victim = await newUser('throttled');
    const bystander = await newUser('bystander');
    const answers: string[] = [];
    for (let i = 0; i < max; i++) {
      const wrong = `wrong-${randomBytes(6).toString('hex')}`;
      noteSecret(`wrong password tried for ${victim.username}`, wrong, victim.username);
      const reply = await token({ username: victim.username, secret: wrong }, []);
      answers.push(`${reply.status} ${reply.code}`);
    }
    expect(answers).toEqual(Array.from({ length: max }, () => '401 UNAUTHORIZED'));
    // Now even the right password is refused, at the token endpoint and on the API.
    const locked = await token(victim, []);
    expect({ status: locked.status, code: locked.code }).toEqual({ status: 429, code: 'TOOMANYREQUESTS' });
    const api = await new RestClient(r.url, victim).send('GET', '/whoami');
    expect(formatOutcome(outcomeOf(api))).toBe('429 TOOMANYREQUESTS');
    // Another user from the same address is not affected.
    expect((await token(bystander, [])).status).toBe(200);
  });
});
