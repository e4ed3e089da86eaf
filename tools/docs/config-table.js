#!/usr/bin/env node
// Renders the README's configuration table from the services' config schemas
// (one schema per service, services/*/src/config/*.config.ts).
//   npm run docs:config     rewrites the table in README.md (from the build in dist/)
// tools/docs/config-table.spec.ts fails when README.md and the schemas disagree.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const START = '<!-- config-table:start -->';
const END = '<!-- config-table:end -->';

/** Variables only the launcher (`npm start`) reads. */
const LAUNCHER_VARS = {
  BERTH_DATA_DIR: {
    default: './.berth',
    description: 'npm start: directory of all state of the embedded stack (PostgreSQL, Redis, blobs, logs)',
  },
  BERTH_ADMIN_PASSWORD: {
    default: 'generated',
    description:
      'npm start: password of the administrator `admin`; generated at first start, printed once and stored in `<data dir>/admin-password` when unset',
  },
  BERTH_SECRETS_KEY: {
    default: 'generated',
    description:
      'npm start: key that encrypts pull secrets and registry credentials; generated at first start into `<data dir>/secrets-key` (mode 0600) when unset',
  },
};

/** schemas: { serviceName: schemaObject } → Markdown table (sorted by variable). */
function renderConfigTable(schemas) {
  const rows = new Map();
  for (const [service, schema] of Object.entries(schemas)) {
    for (const [name, spec] of Object.entries(schema)) {
      const row = rows.get(name) ?? { spec, services: [] };
      row.services.push(service);
      rows.set(name, row);
    }
  }
  for (const [name, spec] of Object.entries(LAUNCHER_VARS)) {
    const row = rows.get(name) ?? { spec, services: [] };
    row.services.unshift('launcher');
    rows.set(name, row);
  }
  const lines = ['| variable | default | used by | description |', '| --- | --- | --- | --- |'];
  for (const name of [...rows.keys()].sort()) {
    const { spec, services } = rows.get(name);
    const launcher = LAUNCHER_VARS[name];
    const def = launcher ? launcher.default : spec.default;
    const description =
      (launcher ? launcher.description : spec.description) + (spec.secret ? ' (secret: never logged)' : '');
    const defText = def === undefined || def === '' ? '' : `\`${String(def)}\``;
    lines.push(
      `| \`${name}\` | ${defText} | ${services.join(', ')} | ${description.replace(/\|/g, '\\|')} |`,
    );
  }
  return lines.join('\n');
}

function readmeTable(readme) {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error('README.md has no config-table markers');
  return readme.slice(a + START.length, b).trim();
}

function replaceReadmeTable(readme, table) {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  return readme.slice(0, a + START.length) + '\n' + table + '\n' + readme.slice(b);
}

const SERVICE_SCHEMAS = {
  gateway: ['gateway.config', 'GATEWAY_CONFIG_SCHEMA'],
  auth: ['auth.config', 'AUTH_CONFIG_SCHEMA'],
  distribution: ['distribution.config', 'DISTRIBUTION_CONFIG_SCHEMA'],
  metadata: ['metadata.config', 'METADATA_CONFIG_SCHEMA'],
  'import-scheduler': ['import-scheduler.config', 'IMPORT_SCHEDULER_CONFIG_SCHEMA'],
  pruning: ['pruning.config', 'PRUNING_CONFIG_SCHEMA'],
};

if (require.main === module) {
  const schemas = {};
  for (const [svc, [file, exportName]] of Object.entries(SERVICE_SCHEMAS)) {
    schemas[svc] = require(path.join(ROOT, 'dist', 'services', svc, 'src', 'config', file + '.js'))[
      exportName
    ];
  }
  const readmePath = path.join(ROOT, 'README.md');
  fs.writeFileSync(
    readmePath,
    replaceReadmeTable(fs.readFileSync(readmePath, 'utf8'), renderConfigTable(schemas)),
  );
  console.log('README.md configuration table updated');
}

module.exports = { renderConfigTable, readmeTable, replaceReadmeTable, SERVICE_SCHEMAS };
