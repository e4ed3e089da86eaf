import * as fs from 'node:fs';
import * as path from 'node:path';
import { runBerth, storeLogin, tempHome } from '../testing/run-berth';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('berth registry login', () => {
  it('writes auths[host:port] with username:token into ~/.docker/config.json (0600, folder 0700)', async () => {
    const home = tempHome();
    storeLogin(home, { url: 'http://127.0.0.1:5000' });
    const r = await runBerth(['registry', 'login'], { home });
    const file = path.join(home, '.docker', 'config.json');
    expect(r).toEqual({
      code: 0,
      stdout: `Wrote the login of alice for 127.0.0.1:5000 to ${file}\n`,
      stderr: '',
    });
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({
      auths: { '127.0.0.1:5000': { auth: b64('alice:bpat_t1_s3cr3t') } },
    });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  });

  it('uses $DOCKER_CONFIG, merging with what is there', async () => {
    const home = tempHome();
    storeLogin(home, { url: 'https://registry.example.com' });
    const dir = path.join(tempHome(), 'docker');
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ auths: { 'quay.io': { auth: 'x' } }, psFormat: 'table' }),
    );
    const r = await runBerth(['registry', 'login', '-o', 'json'], { home, env: { DOCKER_CONFIG: dir } });
    expect(JSON.parse(r.stdout)).toEqual({
      registry: 'registry.example.com',
      file: path.join(dir, 'config.json'),
      username: 'alice',
    });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'))).toEqual({
      auths: { 'quay.io': { auth: 'x' }, 'registry.example.com': { auth: b64('alice:bpat_t1_s3cr3t') } },
      psFormat: 'table',
    });
  });

  it('--registry and --to choose the host and the file', async () => {
    const home = tempHome();
    storeLogin(home, { url: 'http://127.0.0.1:5000' });
    const file = path.join(tempHome(), 'containers', 'auth.json');
    await runBerth(['registry', 'login', '--registry', 'berth.internal:443', '--to', file], {
      home,
      env: { DOCKER_CONFIG: '/nope' },
    });
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({
      auths: { 'berth.internal:443': { auth: b64('alice:bpat_t1_s3cr3t') } },
    });
  });

  it('warns when a credsStore will be asked instead', async () => {
    const home = tempHome();
    storeLogin(home, { url: 'http://127.0.0.1:5000' });
    const file = path.join(home, 'c.json');
    fs.writeFileSync(file, '{"credsStore":"desktop"}');
    const r = await runBerth(['registry', 'login', '--to', file], { home });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `berth: warning: ${file} sends 127.0.0.1:5000 to docker-credential-desktop (credsStore); docker will not read the new entry\n`,
    );
  });

  it('needs a login', async () => {
    expect(await runBerth(['registry', 'login'], { home: tempHome() })).toEqual({
      code: 1,
      stdout: '',
      stderr: "berth: not logged in: run 'berth login URL' first\n",
    });
  });
});
