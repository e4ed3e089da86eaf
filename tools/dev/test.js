#!/usr/bin/env node
// `npm test`: the whole suite — contract and static checks, unit tests,
// integration tests (Testcontainers PostgreSQL and Redis) and system tests (the
// running stack driven by docker, skopeo, podman, oci-check and client-smoke).
// Bootstraps what it needs; prints one closing line "N passed, M failed, K skipped".
//
//   npm test                      everything
//   npm test -- unit int          only those stages (static, unit, int, system)
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { bootstrap, ROOT } = require('./bootstrap');

const APT_FOR_TESTS = [
  'redis-server',
  'docker.io',
  'skopeo',
  'podman',
  'buildah',
  'umoci',
  'jq',
  'bc',
  'mmdebstrap',
  'uidmap',
  'fuse-overlayfs',
];

const log = (m) => process.stdout.write(`\n== ${m}\n`);
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function check(name, cmd, args) {
  log(name);
  const res = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (res.status === 0) totals.passed += 1;
  else {
    totals.failed += 1;
    failures.push(name);
  }
}

function jest(name, config) {
  log(name);
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'berth-jest-')), 'result.json');
  const res = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '-c', config, '--json', '--outputFile', out],
    {
      cwd: ROOT,
      stdio: 'inherit',
      env: {
        ...process.env,
        TESTCONTAINERS_RYUK_DISABLED: 'true',
        TESTCONTAINERS_HOST_OVERRIDE: 'localhost',
      },
    },
  );
  let result;
  try {
    result = JSON.parse(fs.readFileSync(out, 'utf8'));
  } catch {
    result = null;
  }
  if (!result) {
    totals.failed += 1;
    failures.push(`${name} (jest did not report; exit ${res.status})`);
    return;
  }
  totals.passed += result.numPassedTests;
  totals.failed += result.numFailedTests;
  totals.skipped += result.numPendingTests + result.numTodoTests;
  const suiteErrors = result.testResults.filter(
    (s) => s.status === 'failed' && s.assertionResults.every((a) => a.status !== 'failed'),
  );
  if (suiteErrors.length || result.numRuntimeErrorTestSuites) {
    totals.failed += Math.max(suiteErrors.length, result.numRuntimeErrorTestSuites);
    failures.push(`${name}: ${suiteErrors.map((s) => path.relative(ROOT, s.name)).join(', ')} failed to run`);
  }
  if (result.numFailedTests) failures.push(`${name}: ${result.numFailedTests} failed`);
  if (res.status !== 0 && !result.numFailedTests && !suiteErrors.length) {
    totals.failed += 1;
    failures.push(`${name}: jest exited ${res.status}`);
  }
}

function main() {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const stage = (s) => wanted.length === 0 || wanted.includes(s);
  bootstrap({ apt: APT_FOR_TESTS, build: true, log });

  if (stage('static')) {
    check('contracts: buf lint + generated code is current', 'bash', ['tools/proto/check.sh']);
    check('typecheck (tsc --noEmit)', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
    check('lint (eslint --max-warnings 0)', 'npx', ['eslint', '.', '--max-warnings', '0']);
    check('format (prettier --check)', 'npx', [
      'prettier',
      '--check',
      '--log-level',
      'warn',
      '**/*.{ts,js,mjs}',
    ]);
  }
  if (stage('unit')) jest('unit tests', 'jest.unit.config.js');
  if (stage('int')) jest('integration tests (Testcontainers PostgreSQL + Redis)', 'jest.int.config.js');
  if (stage('system')) jest('system tests (running stack + real clients)', 'jest.system.config.js');

  process.stdout.write('\n');
  for (const f of failures) process.stdout.write(`FAILED: ${f}\n`);
  process.stdout.write(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
  process.exit(totals.failed === 0 ? 0 : 1);
}

main();
