import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { basicAuthorization, httpRequest, type Credentials } from '../support/access/http';
import { getManifest, pushImage, tinyImage } from '../support/access/oci';
import { RestClient } from '../support/access/rest';
import { notedSecrets, noteSecret, type NotedSecret } from '../support/access/secrets';
import { discoverRealm, requestToken } from '../support/access/tokens';
import { password } from '../support/access/world';
import { registry } from '../support/registry-env';

// No secret ever appears in a log. This file uses every kind of secret the registry knows, in
// every way a client sends one (Basic on /v2/ and on the API, the token endpoint's GET and its
// OAuth2 POST form, Bearer tokens, wrong passwords, password changes and resets, API tokens,
// pull secrets, registry credentials), then greps every log of the stack for all of them and
// for every secret the other system tests noted (test/support/access/secrets.ts; the
// sequencer runs this file last).
describe('no secret in logs', () => {
  const r = registry();
  const admin = new RestClient(r.url, { username: r.user, secret: r.password });
  const tag = randomBytes(3).toString('hex');
  const project = `sl${tag}`;
  const repo = `${project}/app`;
  const secrets: NotedSecret[] = [];
  const keep = (what: string, value: string, username?: string) => {
    noteSecret(what, value, username);
    secrets.push({ what, value });
    if (username !== undefined)
      secrets.push({
        what: `${what} (Basic)`,
        value: Buffer.from(`${username}:${value}`).toString('base64'),
      });
  };

  it('uses every kind of secret', async () => {
    keep('admin password', r.password, r.user);
    const realm = await discoverRealm(r.url);
    await admin.createProject(project, false);
    const user: Credentials = { username: `sl${tag}-user`, secret: password() };
    await admin.createUser(user.username, user.secret);
    keep('user password', user.secret, user.username);
    await admin.addMember(project, { kind: 'user', name: user.username }, 'maintainer');

    // Basic straight on /v2/ (exchanged by the gateway) and on the API.
    const basicPush = await httpRequest(`${r.url}/v2/${repo}/blobs/uploads/`, {
      method: 'POST',
      headers: { authorization: basicAuthorization(user) },
    });
    expect(basicPush.status).toBe(202);
    expect((await new RestClient(r.url, user).whoami()).caller.subject).toBe(user.username);

    // The token endpoint: GET with Basic, and the OAuth2 password grant (secret in the body).
    const got = await requestToken(realm, user, [`repository:${repo}:pull,push`]);
    keep('access token', got.token!);
    const form = new URLSearchParams({
      grant_type: 'password',
      username: user.username,
      password: user.secret,
      service: realm.service,
      scope: `repository:${repo}:pull`,
      client_id: 'secrets-in-logs',
    });
    const posted = await httpRequest(realm.realm, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(posted.status).toBe(200);
    keep('access token (OAuth2 POST)', posted.json<{ access_token: string }>().access_token);

    // Bearer on /v2/ and on the API.
    expect((await pushImage(r.url, got.token, repo, 'v1', tinyImage('secrets'))).outcome.status).toBe(201);
    expect((await getManifest(r.url, got.token, repo, 'v1')).status).toBe(200);
    expect((await new RestClient(r.url, { bearer: got.token! }).send('GET', '/whoami')).status).toBe(200);

    // Wrong passwords (a typo is often someone's real password): token endpoint, /v2/, API, unknown user.
    const wrong = `wrong-${randomBytes(8).toString('hex')}`;
    keep('wrong password', wrong, user.username);
    expect((await requestToken(realm, { username: user.username, secret: wrong }, [])).status).toBe(401);
    const wrongV2 = await httpRequest(`${r.url}/v2/${repo}/tags/list`, {
      headers: { authorization: basicAuthorization({ username: user.username, secret: wrong }) },
    });
    expect(wrongV2.status).toBe(401);
    expect(
      (await new RestClient(r.url, { username: user.username, secret: wrong }).send('GET', '/whoami')).status,
    ).toBe(401);
    const nobody = `sl${tag}-nobody`;
    const nobodysPassword = `np-${randomBytes(8).toString('hex')}`;
    keep('password of an unknown user', nobodysPassword, nobody);
    expect((await requestToken(realm, { username: nobody, secret: nobodysPassword }, [])).status).toBe(401);

    // Password change by the user, then an administrator's reset with a generated password.
    const changed = password();
    keep('changed password', changed, user.username);
    await new RestClient(r.url, user).ok('POST', `/users/${user.username}/password`, {
      currentPassword: user.secret,
      newPassword: changed,
    });
    const reset = await admin.ok<{ generatedPassword?: string }>(
      'POST',
      `/users/${user.username}/password`,
      {},
    );
    expect(reset.generatedPassword).toEqual(expect.any(String));
    keep('generated password', reset.generatedPassword!, user.username);
    const current = { username: user.username, secret: reset.generatedPassword! };
    expect((await requestToken(realm, current, [])).status).toBe(200);

    // A personal API token, used and revoked.
    const apiToken = await new RestClient(r.url, current).createApiToken(user.username, 'logs', 1);
    keep('API token', apiToken, user.username);
    expect((await requestToken(realm, { username: user.username, secret: apiToken }, [])).status).toBe(200);
    await new RestClient(r.url, current).revokeApiToken(user.username, 'logs');
    expect((await requestToken(realm, { username: user.username, secret: apiToken }, [])).status).toBe(401);

    // Pull secrets: read, used, rotated (the old one then refused).
    const pull = await admin.pullSecret(project, 'builder');
    keep('pull secret', pull.password, pull.username);
    const sa = { username: pull.username, secret: pull.password };
    expect((await requestToken(realm, sa, [`repository:${repo}:pull`])).status).toBe(200);
    const rotated = await admin.rotatePullSecret(project, 'builder');
    keep('rotated pull secret', rotated.password, rotated.username);
    expect((await requestToken(realm, sa, [])).status).toBe(401);

    // A registry credential for another registry.
    const remotePassword = `rp-${randomBytes(10).toString('hex')}`;
    keep('registry credential password', remotePassword, 'robot$importer');
    await admin.createRegistryCredential(project, {
      name: 'upstream',
      server: 'registry.example.com:5000',
      username: 'robot$importer',
      password: remotePassword,
      email: 'ops@example.com',
    });
    const listed = await admin.send('GET', `/projects/${project}/secrets`);
    expect(listed.status).toBe(200);
    expect(listed.text).not.toContain(remotePassword);
  });

  it('none of them, nor any secret the other system tests used, is in any log of the stack', async () => {
    // Give the services a moment to flush what they logged.
    await new Promise((res) => setTimeout(res, 1500));
    const all = [...secrets, ...notedSecrets()];
    for (const file of ['secrets-key', 'postgres-password']) {
      const path = join(r.dataDir, file);
      if (existsSync(path)) all.push({ what: file, value: readFileSync(path, 'utf8').trim() });
    }
    const logs = [join(r.dataDir, 'launcher.log')];
    const logDir = join(r.dataDir, 'logs');
    for (const f of readdirSync(logDir)) logs.push(join(logDir, f));
    expect(logs.length).toBeGreaterThan(5);

    // The logs are really there: the failed login of the existing user (wrong password) is in one
    // of them, named; the unknown user's name is not (it may be a password typed as a username).
    const failedLogin = `login failed: user=${JSON.stringify(`sl${tag}-user`)}`;
    expect(logs.some((p) => existsSync(p) && readFileSync(p, 'utf8').includes(failedLogin))).toBe(true);
    const nobody = `sl${tag}-nobody`;
    expect(logs.filter((p) => existsSync(p) && readFileSync(p, 'utf8').includes(nobody))).toEqual([]);

    const unique = new Map(all.filter((s) => s.value.length >= 8).map((s) => [s.value, s.what]));
    const found: string[] = [];
    for (const path of logs.filter((p) => existsSync(p))) {
      const text = readFileSync(path, 'utf8');
      for (const [value, what] of unique) {
        const at = text.indexOf(value);
        if (at >= 0) found.push(`${what} in ${path} line ${text.slice(0, at).split('\n').length}`);
      }
    }
    expect({ checked: unique.size > 20, found }).toEqual({ checked: true, found: [] });
  });
});
