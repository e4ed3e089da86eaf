import {
  ACCESS_MATRIX,
  ACTION_REQUESTS,
  ACTION_TITLES,
  ACTIONS,
  GLOBAL_ACTION_TITLES,
  GLOBAL_ACTIONS,
  GLOBAL_SCOPE_MATRIX,
  VISIBILITIES,
  expectedGlobalOutcome,
  expectedOutcome,
  formatOutcome,
  type Outcome,
} from './matrix';

/** The command that rewrites docs/access-matrix.md. */
export const ACCESS_MATRIX_DOC_COMMAND = 'node tools/docs/access-matrix.js';

/** Path of the generated doc, relative to the repository root. */
export const ACCESS_MATRIX_DOC_PATH = 'docs/access-matrix.md';

function cell(outcome: Outcome): string {
  return `${outcome.status < 300 ? '✓' : '✗'} ${formatOutcome(outcome)}`;
}

function row(cells: string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
}

/** docs/access-matrix.md, rendered from test/support/access/matrix.ts. */
export function renderAccessMatrixDoc(): string {
  const out: string[] = [
    '# Access matrix',
    '',
    `<!-- Generated from test/support/access/matrix.ts by \`${ACCESS_MATRIX_DOC_COMMAND}\`; do not edit. -->`,
    '',
    'What every kind of caller gets for each action in a project `P`, as the exact HTTP status and',
    'error code a client sees. `test/system/access-matrix.system-spec.ts` exercises every cell against',
    'the running registry with real tokens from `/auth/token` (Basic credentials → token for the',
    'scope the action needs → the `/v2/` request with `Bearer`), real blob and manifest uploads and',
    'real manifest deletes, and fails when any answer differs from this page. See',
    '[access.md](access.md) for the model behind it.',
    '',
    '✓ = allowed, ✗ = refused. On `/v2/`, a token that lacks the action gets `401` with',
    '`WWW-Authenticate: Bearer …,error="insufficient_scope"` and the code `DENIED`, or `UNAUTHORIZED`',
    'when the token is anonymous (log in first). On the management API, missing credentials are',
    '`401 UNAUTHORIZED`, a visible project the caller may not change is `403 DENIED`, and a private',
    'project the caller may not pull from is `404 NOT_FOUND`, exactly as a project that does not exist.',
    '',
    'Subjects: `O` and `S` are two other projects; the users bound with fine-grained roles are',
    'developers of `O`.',
    '',
  ];
  for (const visibility of VISIBILITIES) {
    out.push(`## ${visibility === 'public' ? 'Public' : 'Private'} project`, '');
    out.push(row(['subject', ...ACTIONS.map((a) => ACTION_TITLES[a])]));
    out.push(row(['---', ...ACTIONS.map(() => '---')]));
    for (const subject of ACCESS_MATRIX) {
      out.push(row([subject.label, ...ACTIONS.map((a) => cell(expectedOutcome(subject, visibility, a)))]));
    }
    out.push('');
  }
  out.push(
    '## Image scope `global`',
    '',
    'A private project `P` holds `P/shared`, made global (`berth image scope P/shared global`), and',
    '`P/app`, left at the default scope `namespace`. Global lets every authenticated user and',
    'service account pull; it grants nothing else.',
    '',
  );
  out.push(row(['subject', ...GLOBAL_ACTIONS.map((a) => GLOBAL_ACTION_TITLES[a])]));
  out.push(row(['---', ...GLOBAL_ACTIONS.map(() => '---')]));
  for (const subject of GLOBAL_SCOPE_MATRIX) {
    out.push(row([subject.label, ...GLOBAL_ACTIONS.map((a) => cell(expectedGlobalOutcome(subject, a)))]));
  }
  out.push('', '## How each action is performed', '');
  for (const action of ACTIONS) out.push(`- **${ACTION_TITLES[action]}**: ${ACTION_REQUESTS[action]}.`);
  out.push('');
  return out.join('\n');
}
