import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCell, runGlobalCell } from '../support/access/cells';
import { inParallel, outcomeOf } from '../support/access/http';
import {
  ACCESS_MATRIX,
  ACTIONS,
  GLOBAL_ACTIONS,
  GLOBAL_SCOPE_MATRIX,
  VISIBILITIES,
  expectedGlobalOutcome,
  expectedOutcome,
  formatOutcome,
  type Outcome,
} from '../support/access/matrix';
import {
  ACCESS_MATRIX_DOC_COMMAND,
  ACCESS_MATRIX_DOC_PATH,
  renderAccessMatrixDoc,
} from '../support/access/matrix-doc';
import { RestClient } from '../support/access/rest';
import { tokenFor } from '../support/access/tokens';
import { buildMatrixWorld, type MatrixWorld } from '../support/access/world';
import { registry } from '../support/registry-env';
import { ROOT } from '../support/stack';

// Issue 3's access matrix against the running stack: every subject × action × visibility of
// test/support/access/matrix.ts with real tokens, real pushes and real deletes; each cell must
// give exactly the status and error code of the table (and of docs/access-matrix.md).
describe('access matrix', () => {
  let world: MatrixWorld;
  /** Outcome per cell key, all cells run up front in parallel (each is independent of the others). */
  const results = new Map<string, string>();

  const record = async (key: string, run: () => Promise<Outcome>) => {
    try {
      results.set(key, formatOutcome(await run()));
    } catch (err) {
      results.set(key, `error: ${(err as Error).message}`);
    }
  };

  beforeAll(async () => {
    world = await buildMatrixWorld(registry());
    const tasks: Array<() => Promise<void>> = [];
    for (const visibility of VISIBILITIES)
      ACCESS_MATRIX.forEach((row, i) => {
        for (const action of ACTIONS) {
          const cell = `${visibility === 'public' ? 'u' : 'r'}${i}-${action}`;
          tasks.push(() =>
            record(`${visibility}/${row.id}/${action}`, () =>
              runCell(world, visibility, row.id, action, cell),
            ),
          );
        }
      });
    GLOBAL_SCOPE_MATRIX.forEach((row, i) => {
      for (const action of GLOBAL_ACTIONS)
        tasks.push(() =>
          record(`global/${row.id}/${action}`, () => runGlobalCell(world, row.id, action, `g${i}`)),
        );
    });
    await inParallel(6, tasks);
  }, 600_000);

  it(`${ACCESS_MATRIX_DOC_PATH} is generated from the matrix (run \`${ACCESS_MATRIX_DOC_COMMAND}\`)`, () => {
    const committed = readFileSync(join(ROOT, ACCESS_MATRIX_DOC_PATH), 'utf8');
    if (committed !== renderAccessMatrixDoc())
      throw new Error(
        `${ACCESS_MATRIX_DOC_PATH} differs from the matrix: run \`${ACCESS_MATRIX_DOC_COMMAND}\``,
      );
  });

  for (const visibility of VISIBILITIES) {
    describe(`${visibility} project`, () => {
      it.each(ACCESS_MATRIX.map((row) => [row.label, row] as const))('%s', (_label, row) => {
        const actual: Record<string, string | undefined> = {};
        const expected: Record<string, string> = {};
        for (const action of ACTIONS) {
          actual[action] = results.get(`${visibility}/${row.id}/${action}`);
          expected[action] = formatOutcome(expectedOutcome(row, visibility, action));
        }
        expect(actual).toEqual(expected);
      });
    });
  }

  describe('image scope global (private project)', () => {
    it.each(GLOBAL_SCOPE_MATRIX.map((row) => [row.label, row] as const))('%s', (_label, row) => {
      const actual: Record<string, string | undefined> = {};
      const expected: Record<string, string> = {};
      for (const action of GLOBAL_ACTIONS) {
        actual[action] = results.get(`global/${row.id}/${action}`);
        expected[action] = formatOutcome(expectedGlobalOutcome(row, action));
      }
      expect(actual).toEqual(expected);
    });
  });

  it('refused member additions changed nothing; allowed ones added exactly their group', async () => {
    for (const visibility of VISIBILITIES) {
      const { members } = await world.admin.listMembers(world.project[visibility]);
      const targets = new Set(ACCESS_MATRIX.map((row) => world.memberTarget(visibility, row.id)));
      const added = members
        .filter((m) => m.subject.kind === 'group' && targets.has(m.subject.name))
        .map((m) => `${m.subject.name}=${m.role}`)
        .sort();
      const expected = ACCESS_MATRIX.filter(
        (row) => expectedOutcome(row, visibility, 'members').status === 201,
      )
        .map((row) => `${world.memberTarget(visibility, row.id)}=guest`)
        .sort();
      expect({ visibility, added }).toEqual({ visibility, added: expected });
    }
  });

  it('a private project is invisible to a non-member: API, _catalog and tags answer as for a name that does not exist', async () => {
    const priv = world.project.private;
    const missing = `${priv}-nothere`;
    const stranger = world.creds('private', 'non-member')!;
    const api = new RestClient(world.base, stranger);
    const get = async (path: string) => formatOutcome(outcomeOf(await api.send('GET', path)));
    expect(await get(`/projects/${priv}`)).toBe(await get(`/projects/${missing}`));
    expect(await get(`/projects/${priv}`)).toBe('404 NOT_FOUND');
    expect(await get(`/projects/${priv}/members`)).toBe('404 NOT_FOUND');
    const listed = (await api.ok<{ projects: Array<{ name: string }> }>('GET', '/projects')).projects.map(
      (p) => p.name,
    );
    expect(listed).toContain(world.project.public);
    expect(listed).not.toContain(priv);

    const tagsList = async (repo: string) => {
      const token = await tokenFor(world.realm, stranger, [`repository:${repo}:pull`]);
      const res = await fetch(`${world.base}/v2/${repo}/tags/list`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return formatOutcome(outcomeOf({ status: res.status, text: await res.text() }));
    };
    expect(await tagsList(`${priv}/app`)).toBe(await tagsList(`${missing}/app`));

    const catalogToken = await tokenFor(world.realm, stranger, ['registry:catalog:*']);
    const catalog = await fetch(`${world.base}/v2/_catalog?n=1000`, {
      headers: { authorization: `Bearer ${catalogToken}` },
    });
    expect(catalog.status).toBe(200);
    const repositories = ((await catalog.json()) as { repositories: string[] }).repositories;
    expect(repositories).toContain(`${world.project.public}/app`);
    // The global image is pullable by this user, so it may be listed; nothing else of P is.
    expect(repositories.filter((r) => r.startsWith(`${priv}/`) && r !== `${priv}/shared`)).toEqual([]);
  });
});
