#!/usr/bin/env node
// Renders docs/access-matrix.md from the access matrix the system test exercises
// (test/support/access/matrix.ts).
//   node tools/docs/access-matrix.js           rewrites docs/access-matrix.md
//   node tools/docs/access-matrix.js --check   exits 1 when the committed doc differs
// tools/docs/access-matrix.spec.ts and test/system/access-matrix.system-spec.ts fail on a difference too.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '..', '..');
const SOURCES = path.join(ROOT, 'test', 'support', 'access');

/** Loads the matrix modules (plain TypeScript, relative imports only) without a build. */
function loadRenderer() {
  const previous = require.extensions['.ts'];
  require.extensions['.ts'] = (module, filename) => {
    if (!filename.startsWith(SOURCES + path.sep)) throw new Error(`${filename}: only ${SOURCES} is loaded`);
    const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
      fileName: filename,
    });
    module._compile(outputText, filename);
  };
  try {
    return require(path.join(SOURCES, 'matrix-doc.ts'));
  } finally {
    if (previous) require.extensions['.ts'] = previous;
    else delete require.extensions['.ts'];
  }
}

function main() {
  const { renderAccessMatrixDoc, ACCESS_MATRIX_DOC_PATH, ACCESS_MATRIX_DOC_COMMAND } = loadRenderer();
  const file = path.join(ROOT, ACCESS_MATRIX_DOC_PATH);
  const expected = renderAccessMatrixDoc();
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (process.argv.includes('--check')) {
    if (current !== expected) {
      process.stderr.write(
        `${ACCESS_MATRIX_DOC_PATH} is out of date: run \`${ACCESS_MATRIX_DOC_COMMAND}\`\n`,
      );
      process.exit(1);
    }
    return;
  }
  if (current === expected) {
    process.stdout.write(`${ACCESS_MATRIX_DOC_PATH} is up to date\n`);
    return;
  }
  fs.writeFileSync(file, expected);
  process.stdout.write(`wrote ${ACCESS_MATRIX_DOC_PATH}\n`);
}

main();
