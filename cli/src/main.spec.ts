import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { FakeRegistry } from './testing/fake-registry';
import { basic, storeLogin, tempHome } from './testing/run-berth';

const CLI_ROOT = path.resolve(__dirname, '..');
const REPO_ROOT = path.resolve(CLI_ROOT, '..');
const BIN = path.join(CLI_ROOT, 'bin', 'berth.js');
const COMPILING = 'berth: compiling the CLI first (cli/dist is missing or older than cli/src)\n';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function node(args: string[], env: Record<string, string> = {}): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, args, {
      env: { PATH: process.env['PATH'] ?? '', HOME: env['HOME'] ?? tempHome(), ...env },
      timeout: 90_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout: string; stderr: string; killed?: boolean };
    if (typeof e.code !== 'number') throw err;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** What the bin prints on stderr, without the one line it writes when it compiles first. */
const withoutCompileNote = (stderr: string) =>
  stderr.startsWith(COMPILING) ? stderr.slice(COMPILING.length) : stderr;

describe('the berth executable (bin/berth.js)', () => {
  jest.setTimeout(180_000);

  it('prints the help and the version', async () => {
    const help = await node([BIN, '--help']);
    expect(help.code).toBe(0);
    expect(withoutCompileNote(help.stderr)).toBe('');
    expect(help.stdout).toContain('Usage:\n  berth COMMAND [flags]');
    const version = await node([BIN, '--version']);
    const pkg = JSON.parse(fs.readFileSync(path.join(CLI_ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(version).toEqual({ code: 0, stdout: `berth ${pkg.version}\n`, stderr: '' });
  });

  it('talks to the registry, exits with 0, 1 or 2, and exits promptly', async () => {
    const registry = await new FakeRegistry().start();
    try {
      const home = tempHome();
      storeLogin(home, { url: registry.url });
      registry.on('GET', '/api/v1/whoami', {
        body: { caller: { kind: 'user', subject: 'alice', groups: [] } },
      });
      const ok = await node([BIN, 'whoami', '-o', 'json'], { HOME: home });
      expect(ok).toEqual({
        code: 0,
        stdout: '{\n  "caller": {\n    "kind": "user",\n    "subject": "alice",\n    "groups": []\n  }\n}\n',
        stderr: '',
      });
      expect(registry.requests[0].headers.authorization).toBe(basic('alice', 'bpat_t1_s3cr3t'));
      const failed = await node([BIN, 'project', 'show', 'nope'], { HOME: home });
      expect(failed).toEqual({
        code: 1,
        stdout: '',
        stderr: 'berth: fake: no reply for GET /api/v1/projects/nope (NOT_FOUND)\n',
      });
      const usage = await node([BIN, 'project', 'show'], { HOME: home });
      expect(usage).toEqual({
        code: 2,
        stdout: '',
        stderr: "berth: missing NAME; see 'berth project show --help'\n",
      });
    } finally {
      await registry.stop();
    }
  });

  it('in a checkout, compiles cli/src when dist is missing or older, and only then', async () => {
    // A copy of the CLI beside the repository's node_modules, so its dist can be removed freely.
    const root = tempHome();
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'));
    fs.copyFileSync(path.join(REPO_ROOT, 'tsconfig.base.json'), path.join(root, 'tsconfig.base.json'));
    const copy = path.join(root, 'cli');
    for (const entry of ['bin', 'src', 'tools', 'package.json', 'tsconfig.json']) {
      fs.cpSync(path.join(CLI_ROOT, entry), path.join(copy, entry), { recursive: true });
    }
    const bin = path.join(copy, 'bin', 'berth.js');
    const first = await node([bin, '--version']);
    expect(first).toMatchObject({ code: 0, stderr: COMPILING });
    expect(fs.existsSync(path.join(copy, 'dist', 'main.js'))).toBe(true);
    expect(fs.existsSync(path.join(copy, 'dist', 'main.spec.js'))).toBe(false);
    expect(await node([bin, '--version'])).toMatchObject({ code: 0, stderr: '' });
    const touch = (file: string) => fs.utimesSync(path.join(copy, 'src', file), new Date(), new Date());
    touch('core/output.ts');
    expect(await node([bin, '--version'])).toMatchObject({ code: 0, stderr: COMPILING });
    expect(await node([bin, '--version'])).toMatchObject({ code: 0, stderr: '' });
    // Tests are not part of the build: a newer spec does not trigger one.
    touch('main.spec.ts');
    expect(await node([bin, '--version'])).toMatchObject({ code: 0, stderr: '' });
  });

  it('in a checkout, reports sources that do not compile and runs nothing', async () => {
    const root = tempHome();
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'));
    fs.copyFileSync(path.join(REPO_ROOT, 'tsconfig.base.json'), path.join(root, 'tsconfig.base.json'));
    const copy = path.join(root, 'cli');
    for (const entry of ['bin', 'src', 'tools', 'package.json', 'tsconfig.json']) {
      fs.cpSync(path.join(CLI_ROOT, entry), path.join(copy, entry), { recursive: true });
    }
    fs.appendFileSync(path.join(copy, 'src', 'main.ts'), '\nexport const broken: number = "not a number";\n');
    const r = await node([path.join(copy, 'bin', 'berth.js'), '--version']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("error TS2322: Type 'string' is not assignable to type 'number'.");
    expect(r.stderr).toMatch(
      /berth: cannot build the CLI: tsc -p cli\/tsconfig\.json exited with status \d+\n$/,
    );
    expect(fs.existsSync(path.join(copy, 'dist', 'main.js'))).toBe(false);
  });
});
