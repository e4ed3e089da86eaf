import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUTH_CONFIG_SCHEMA } from '../../services/auth/src/config/auth.config';
import { DISTRIBUTION_CONFIG_SCHEMA } from '../../services/distribution/src/config/distribution.config';
import { GATEWAY_CONFIG_SCHEMA } from '../../services/gateway/src/config/gateway.config';
import { IMPORT_SCHEDULER_CONFIG_SCHEMA } from '../../services/import-scheduler/src/config/import-scheduler.config';
import { METADATA_CONFIG_SCHEMA } from '../../services/metadata/src/config/metadata.config';
import { PRUNING_CONFIG_SCHEMA } from '../../services/pruning/src/config/pruning.config';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { renderConfigTable, readmeTable } = require('./config-table.js') as {
  renderConfigTable(schemas: Record<string, object>): string;
  readmeTable(readme: string): string;
};

describe('README configuration table', () => {
  it('lists exactly the variables of every service schema (run `npm run build && npm run docs:config` to update)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const expected = renderConfigTable({
      gateway: GATEWAY_CONFIG_SCHEMA,
      auth: AUTH_CONFIG_SCHEMA,
      distribution: DISTRIBUTION_CONFIG_SCHEMA,
      metadata: METADATA_CONFIG_SCHEMA,
      'import-scheduler': IMPORT_SCHEDULER_CONFIG_SCHEMA,
      pruning: PRUNING_CONFIG_SCHEMA,
    });
    expect(readmeTable(readme)).toBe(expected);
  });
});
