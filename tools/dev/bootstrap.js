// Bootstrap shared by `npm start` and `npm test`: npm dependencies, Debian
// packages and the TypeScript build. Node built-ins only.
'use strict';

const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts });
  if (res.error) throw new Error(`${cmd} could not run: ${res.error.message}`);
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit status ${res.status}`);
}

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** npm ci when node_modules is missing or older than package-lock.json. */
function ensureNodeModules(log) {
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  if (fs.existsSync(marker) && mtime(marker) >= mtime(path.join(ROOT, 'package-lock.json'))) return;
  log('installing npm dependencies (npm ci)');
  const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  if (ci.status === 0) return;
  // npm ci refuses a lock file that lacks other platforms' optional packages (e.g.
  // @swc/core-darwin-arm64) when the registry has no such version: npm install
  // then still installs the locked versions of everything this platform needs.
  if (/can only install packages when your package\.json and package-lock\.json/.test(ci.stderr ?? '')) {
    log(
      'npm ci refused the lock file (optional packages of other platforms are missing from the registry); using npm install',
    );
    run('npm', ['install', '--no-audit', '--no-fund']);
    return;
  }
  process.stderr.write(ci.stderr ?? '');
  throw new Error(`npm ci failed with exit status ${ci.status}`);
}

function dpkgInstalled(pkg) {
  const res = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return res.status === 0 && res.stdout.includes('install ok installed');
}

/** apt-get install of the Debian packages that are missing (root only). */
function ensureApt(pkgs, log) {
  const missing = pkgs.filter((p) => !dpkgInstalled(p));
  if (missing.length === 0) return;
  if (!process.getuid || process.getuid() !== 0) {
    throw new Error(
      `missing Debian packages: ${missing.join(' ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
}

/** Incremental TypeScript build into dist/. */
function build(log) {
  log('building (tsc)');
  run('npm', ['run', '--silent', 'build']);
}

function bootstrap({ apt = [], build: doBuild = true, log = () => {} }) {
  try {
    ensureNodeModules(log);
    ensureApt(apt, log);
    if (doBuild) build(log);
  } catch (err) {
    process.stderr.write(`berth: bootstrap failed: ${err.message}\n`);
    process.exit(1);
  }
}

module.exports = { bootstrap, ensureApt, ensureNodeModules, run, ROOT, execFileSync };
