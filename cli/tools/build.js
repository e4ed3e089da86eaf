// Builds the CLI (cli/src → cli/dist) with the repository's TypeScript, and tells whether a
// build is needed: `bin/berth.js` calls ensureBuilt() when it runs from a checkout, `npm pack`
// (prepack) runs `node tools/build.js --clean`. Node built-ins only.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const CLI_ROOT = path.resolve(__dirname, '..');
const SRC = path.join(CLI_ROOT, 'src');
const DIST = path.join(CLI_ROOT, 'dist');
const MAIN = path.join(DIST, 'main.js');
const TSCONFIG = path.join(CLI_ROOT, 'tsconfig.json');
const LOCK = path.join(DIST, '.build-lock');
const LOCK_STALE_MS = 120_000;

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** Newest mtime of what the build reads: sources (not tests), their folders (deletions), tsconfigs. */
function newestInput() {
  let newest = Math.max(mtime(TSCONFIG), mtime(path.join(CLI_ROOT, '..', 'tsconfig.base.json')));
  const walk = (dir) => {
    newest = Math.max(newest, mtime(dir));
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'testing') walk(p);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
        newest = Math.max(newest, mtime(p));
      }
    }
  };
  walk(SRC);
  return newest;
}

function isStale() {
  return !fs.existsSync(MAIN) || mtime(MAIN) < newestInput();
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs fn holding a lock directory, so that concurrent `berth` runs do not compile at once. */
function withLock(fn) {
  fs.mkdirSync(DIST, { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      if (Date.now() - mtime(LOCK) > LOCK_STALE_MS) fs.rmSync(LOCK, { recursive: true, force: true });
      else sleep(100);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

function compile() {
  let tsc;
  try {
    tsc = path.join(
      path.dirname(require.resolve('typescript/package.json', { paths: [CLI_ROOT] })),
      'bin',
      'tsc',
    );
  } catch {
    throw new Error('cannot build the CLI: TypeScript is not installed (run npm ci in the repository)');
  }
  const res = spawnSync(process.execPath, [tsc, '-p', TSCONFIG], { cwd: CLI_ROOT, encoding: 'utf8' });
  if (res.status !== 0) {
    process.stderr.write(res.stdout ?? '');
    process.stderr.write(res.stderr ?? '');
    throw new Error(`cannot build the CLI: tsc -p cli/tsconfig.json exited with status ${res.status}`);
  }
}

/** Compiles when cli/dist is missing or older than cli/src; notify() is called before compiling. */
function ensureBuilt(notify) {
  if (!fs.existsSync(SRC) || !isStale()) return false;
  return withLock(() => {
    if (!isStale()) return false;
    notify();
    compile();
    return true;
  });
}

/** A clean build (for npm pack): no file of a removed source survives in dist/. */
function cleanBuild() {
  withLock(() => {
    for (const entry of fs.existsSync(DIST) ? fs.readdirSync(DIST) : []) {
      if (path.join(DIST, entry) !== LOCK)
        fs.rmSync(path.join(DIST, entry), { recursive: true, force: true });
    }
    compile();
  });
}

module.exports = { ensureBuilt, cleanBuild, isStale };

if (require.main === module) {
  try {
    if (process.argv.includes('--clean')) cleanBuild();
    else ensureBuilt(() => {});
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}
