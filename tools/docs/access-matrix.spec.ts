import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ACCESS_MATRIX_DOC_COMMAND,
  ACCESS_MATRIX_DOC_PATH,
  renderAccessMatrixDoc,
} from '../../test/support/access/matrix-doc';

// The same check as test/system/access-matrix.system-spec.ts, without the stack.
describe('docs/access-matrix.md', () => {
  it(`is generated from test/support/access/matrix.ts (run \`${ACCESS_MATRIX_DOC_COMMAND}\`)`, () => {
    const committed = readFileSync(join(__dirname, '..', '..', ACCESS_MATRIX_DOC_PATH), 'utf8');
    if (committed !== renderAccessMatrixDoc())
      throw new Error(
        `${ACCESS_MATRIX_DOC_PATH} differs from the matrix: run \`${ACCESS_MATRIX_DOC_COMMAND}\``,
      );
  });
});
