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
  run('npm', ['ci', '--no-audit', '--no-fund']);
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
    throw new Error(`missing Debian packages: ${missing.join(' ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`);
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
