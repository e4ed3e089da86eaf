#!/usr/bin/env node
// The `berth` executable. From a checkout (cli/src present) it first compiles cli/src into
// cli/dist when dist is missing or older than the sources; an installed package ships dist only.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const major = Number(process.versions.node.split('.')[0]);
if (major < 20) {
  process.stderr.write(`berth: Node.js 20 or newer is required (this is ${process.version})\n`);
  process.exit(1);
}

const root = path.resolve(__dirname, '..');
const builder = path.join(root, 'tools', 'build.js');
if (fs.existsSync(path.join(root, 'src')) && fs.existsSync(builder)) {
  try {
    require(builder).ensureBuilt(() =>
      process.stderr.write('berth: compiling the CLI first (cli/dist is missing or older than cli/src)\n'),
    );
  } catch (err) {
    process.stderr.write(`berth: ${err.message}\n`);
    process.exit(1);
  }
}

require('../dist/main.js')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
