import * as fs from 'node:fs';
import * as path from 'node:path';
import { apiError, FakeRegistry } from '../testing/fake-registry';
import { basic, runBerth, storeLogin, tempHome } from '../testing/run-berth';

const TOKEN = {
  name: 'berth-cli@laptop',
  createdAt: '2025-01-01T00:00:00Z',
  expiresAt: '2025-04-01T00:00:00Z',
};

describe('login, logout, whoami', () => {
  let registry: FakeRegistry;
  let home: string;
  const configFile = () => path.join(home, '.berth', 'config.json');
  const stored = () => JSON.parse(fs.readFileSync(configFile(), 'utf8'));

  beforeEach(async () => {
    registry = await new FakeRegistry().start();
    home = tempHome();
  });
  afterEach(() => registry.stop());

  describe('login', () => {
    it('creates the API token berth-cli@<hostname> with the password and stores it 0600', async () => {
      registry.on('POST', '/api/v1/users/alice/tokens', {
        status: 201,
        body: { token: TOKEN, secret: 'bpat_t1_new' },
      });
      const r = await runBerth(['login', registry.url, '-u', 'alice', '--password-stdin'], {
        home,
        stdin: 'pw:d\n',
      });
      expect(r).toEqual({
        code: 0,
        stdout: `Logged in to ${registry.url} as alice (API token berth-cli@laptop, expires 2025-04-01T00:00:00Z)\n`,
        stderr: '',
      });
      expect(registry.requests.map((q) => [q.method, q.path, q.headers.authorization, q.json])).toEqual([
        [
          'POST',
          '/api/v1/users/alice/tokens',
          basic('alice', 'pw:d'),
          { name: 'berth-cli@laptop', expiresInDays: 90 },
        ],
      ]);
      expect(stored()).toEqual({
        url: registry.url,
        username: 'alice',
        token: 'bpat_t1_new',
        tokenName: 'berth-cli@laptop',
      });
      expect(fs.statSync(configFile()).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(configFile())).mode & 0o777).toBe(0o700);
    });

    it('asks for the username and password, on stderr', async () => {
      registry.on('POST', '/api/v1/users/bob/tokens', {
        status: 201,
        body: { token: TOKEN, secret: 'bpat_t2_x' },
      });
      const r = await runBerth(['login', registry.url], { home, stdin: 'bob\nhunter2\n' });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('Username: Password: ');
      expect(registry.requests[0].headers.authorization).toBe(basic('bob', 'hunter2'));
      expect(r.stdout).not.toContain('hunter2');
      expect(r.stdout).not.toContain('bpat_t2_x');
    });

    it('revokes and re-creates a token of the same name', async () => {
      registry.on(
        'POST',
        '/api/v1/users/alice/tokens',
        apiError(409, 'ALREADY_EXISTS', 'token "berth-cli@laptop" already exists'),
        { status: 201, body: { token: TOKEN, secret: 'bpat_t3_y' } },
      );
      registry.on('DELETE', '/api/v1/users/alice/tokens/berth-cli%40laptop', { status: 204 });
      const r = await runBerth(['login', registry.url, '-u', 'alice', '--password-stdin'], {
        home,
        stdin: 'pw',
        hostname: 'laptop',
      });
      expect(r.code).toBe(0);
      expect(registry.requests.map((q) => `${q.method} ${q.path} ${q.headers.authorization}`)).toEqual([
        `POST /api/v1/users/alice/tokens ${basic('alice', 'pw')}`,
        `DELETE /api/v1/users/alice/tokens/berth-cli%40laptop ${basic('alice', 'pw')}`,
        `POST /api/v1/users/alice/tokens ${basic('alice', 'pw')}`,
      ]);
      expect(stored().token).toBe('bpat_t3_y');
    });

    it('fails on a wrong password and keeps the previous login', async () => {
      const previous = storeLogin(home, { url: 'https://other.example' });
      registry.on(
        'POST',
        '/api/v1/users/alice/tokens',
        apiError(401, 'UNAUTHORIZED', 'invalid username or password'),
      );
      const r = await runBerth(['login', registry.url, '-u', 'alice', '--password-stdin'], {
        home,
        stdin: 'bad',
      });
      expect(r).toEqual({
        code: 1,
        stdout: '',
        stderr: 'berth: login failed: invalid username or password (UNAUTHORIZED)\n',
      });
      expect(stored()).toEqual(previous);
    });

    it('prints the token metadata, not its secret, with -o json', async () => {
      registry.on('POST', '/api/v1/users/alice/tokens', {
        status: 201,
        body: { token: TOKEN, secret: 'bpat_t1_new' },
      });
      const r = await runBerth(['login', registry.url, '-u', 'alice', '--password-stdin', '-o', 'json'], {
        home,
        stdin: 'pw',
      });
      expect(JSON.parse(r.stdout)).toEqual({ url: registry.url, username: 'alice', token: TOKEN });
    });

    it('stores the login where BERTH_CONFIG says', async () => {
      registry.on('POST', '/api/v1/users/alice/tokens', {
        status: 201,
        body: { token: TOKEN, secret: 'bpat_t1_new' },
      });
      const file = path.join(tempHome(), 'custom', 'berth.json');
      await runBerth(['login', registry.url, '-u', 'alice', '--password-stdin'], {
        home,
        stdin: 'pw',
        env: { BERTH_CONFIG: file },
      });
      expect(JSON.parse(fs.readFileSync(file, 'utf8')).token).toBe('bpat_t1_new');
      expect(fs.existsSync(configFile())).toBe(false);
    });

    it('needs -u with --password-stdin', async () => {
      const r = await runBerth(['login', registry.url, '--password-stdin'], { home, stdin: 'pw' });
      expect(r).toEqual({
        code: 2,
        stdout: '',
        stderr: "berth: --password-stdin needs -u USER; see 'berth login --help'\n",
      });
    });
  });

  describe('logout', () => {
    it('revokes the token with the stored login and forgets it', async () => {
      storeLogin(home, { url: registry.url, tokenName: 'berth-cli@old-name' });
      registry.on('DELETE', '/api/v1/users/alice/tokens/berth-cli%40old-name', { status: 204 });
      const r = await runBerth(['logout'], { home });
      expect(r).toEqual({ code: 0, stdout: `Logged out of ${registry.url}\n`, stderr: '' });
      expect(registry.requests.map((q) => [q.method, q.path, q.headers.authorization])).toEqual([
        ['DELETE', '/api/v1/users/alice/tokens/berth-cli%40old-name', basic('alice', 'bpat_t1_s3cr3t')],
      ]);
      expect(fs.existsSync(configFile())).toBe(false);
    });

    it('forgets the login even when the token cannot be revoked', async () => {
      storeLogin(home, { url: registry.url });
      registry.on(
        'DELETE',
        '/api/v1/users/alice/tokens/berth-cli%40laptop',
        apiError(401, 'UNAUTHORIZED', 'token revoked'),
      );
      const r = await runBerth(['logout'], { home });
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(
        /^berth: warning: could not revoke the API token berth-cli@laptop: token revoked \(UNAUTHORIZED\)/,
      );
      expect(fs.existsSync(configFile())).toBe(false);
    });

    it('says so when not logged in', async () => {
      expect(await runBerth(['logout'], { home })).toEqual({
        code: 0,
        stdout: '',
        stderr: 'Not logged in.\n',
      });
    });
  });

  describe('whoami', () => {
    const caller = {
      kind: 'user',
      subject: 'alice',
      registryAdmin: false,
      groups: ['authenticated', 'devs'],
    };

    it('shows the caller', async () => {
      storeLogin(home, { url: registry.url });
      registry.on('GET', '/api/v1/whoami', { body: { caller } });
      const r = await runBerth(['whoami'], { home });
      expect(r).toEqual({
        code: 0,
        stdout: [
          `registry:       ${registry.url}`,
          'kind:           user',
          'subject:        alice',
          'registry admin: no',
          'groups:         authenticated, devs',
          '',
        ].join('\n'),
        stderr: '',
      });
      expect(registry.requests[0].headers.authorization).toBe(basic('alice', 'bpat_t1_s3cr3t'));
    });

    it('prints the API response with -o json', async () => {
      storeLogin(home, { url: registry.url });
      registry.on('GET', '/api/v1/whoami', { body: { caller } });
      const r = await runBerth(['whoami', '-o', 'json'], { home });
      expect(JSON.parse(r.stdout)).toEqual({ caller });
    });

    it('-t gets a token from the realm and service of the /v2/ challenge', async () => {
      storeLogin(home, { url: registry.url });
      registry.on('GET', '/v2/', {
        status: 401,
        headers: { 'www-authenticate': `Bearer realm="${registry.url}/auth/token",service="berth-registry"` },
        body: { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] },
      });
      const token = {
        token: 'eyJ.jwt.sig',
        access_token: 'eyJ.jwt.sig',
        expires_in: 300,
        issued_at: '2025-01-01T00:00:00Z',
      };
      registry.on('GET', '/auth/token', { body: token });
      const r = await runBerth(
        ['whoami', '-t', '--scope', 'repository:team-a/app:pull', '--scope', 'registry:catalog:*'],
        { home },
      );
      expect(r).toEqual({ code: 0, stdout: 'eyJ.jwt.sig\n', stderr: '' });
      expect(registry.requests.map((q) => [q.method, q.path, q.headers.authorization])).toEqual([
        ['GET', '/v2/', undefined],
        [
          'GET',
          '/auth/token?service=berth-registry&account=alice&scope=repository%3Ateam-a%2Fapp%3Apull&scope=registry%3Acatalog%3A*',
          basic('alice', 'bpat_t1_s3cr3t'),
        ],
      ]);
      const json = await runBerth(['whoami', '-t', '-o', 'json'], { home });
      expect(JSON.parse(json.stdout)).toEqual(token);
    });

    it('-t resolves a relative realm against the registry URL', async () => {
      storeLogin(home, { url: registry.url });
      registry.on('GET', '/v2/', {
        status: 401,
        headers: { 'www-authenticate': 'Bearer realm="/auth/token",service="s"' },
      });
      registry.on('GET', '/auth/token', { body: { token: 't' } });
      expect((await runBerth(['whoami', '-t'], { home })).stdout).toBe('t\n');
    });

    it('-t fails clearly without a Bearer challenge', async () => {
      storeLogin(home, { url: registry.url });
      registry.on('GET', '/v2/', { status: 200, body: {} });
      const r = await runBerth(['whoami', '-t'], { home });
      expect(r).toEqual({
        code: 1,
        stdout: '',
        stderr: `berth: ${registry.url}/v2/ answered HTTP 200 without a Bearer challenge: no token to get\n`,
      });
    });

    it('--scope needs -t', async () => {
      const r = await runBerth(['whoami', '--scope', 'x'], { home });
      expect(r.code).toBe(2);
    });
  });
});
