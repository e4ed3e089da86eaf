import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// Enforces the dependency rules between Nx projects (their `type:` and `scope:` tags in
// project.json) on the real import graph:
//   - an app (type:app) never imports another app;
//   - a lib never imports an app;
//   - a scope:shared lib imports only scope:shared libs;
//   - a client lib (scope:<service>) imports only scope:shared libs;
//   - a scope:testing lib is used only by tests;
//   - non-test code of a project never reaches into another project's files by relative path;
//   - the CLI (scope:cli) is a standalone client: it imports no other project at all.

const ROOT = resolve(__dirname, '..', '..');

interface Project {
  name: string;
  root: string;
  type: string;
  scope: string;
}

function projects(): Project[] {
  const out: Project[] = [];
  const add = (root: string) => {
    const file = join(ROOT, root, 'project.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as { name: string; tags: string[] };
    const tag = (p: string) => json.tags.find((t) => t.startsWith(p))?.slice(p.length) ?? '';
    out.push({ name: json.name, root, type: tag('type:'), scope: tag('scope:') });
  };
  for (const group of ['libs', 'services']) {
    for (const dir of readdirSync(join(ROOT, group))) add(`${group}/${dir}`);
  }
  add('cli');
  return out;
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) {
      if (entry !== 'node_modules' && entry !== 'generated') out.push(...sources(p));
    } else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

const isTest = (file: string) => /\.(spec|int-spec)\.ts$/.test(file) || /\/(test|testing)\//.test(file);

describe('module boundaries (Nx project tags)', () => {
  const all = projects();
  const byRoot = (file: string) => all.find((p) => file.startsWith(p.root + '/'));
  const byAlias = new Map(
    all.filter((p) => p.type === 'lib').map((p) => [`@berth/${p.root.split('/')[1]}`, p]),
  );

  it('every project has a type and a scope tag', () => {
    expect(all.filter((p) => !p.type || !p.scope).map((p) => p.name)).toEqual([]);
  });

  it('imports follow the rules', () => {
    const violations: string[] = [];
    for (const project of all) {
      for (const file of sources(join(ROOT, project.root))) {
        const rel = relative(ROOT, file);
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
          const spec = m[1];
          let target: Project | undefined;
          if (spec.startsWith('@berth/')) target = byAlias.get(spec);
          else if (spec.startsWith('.')) target = byRoot(relative(ROOT, resolve(dirname(file), spec)));
          if (!target || target === project) continue;
          const why = (rule: string) => violations.push(`${rel}: imports ${spec} (${target!.name}): ${rule}`);
          if (spec.startsWith('.') && !isTest(rel)) why('reach other projects through their @berth alias');
          if (target.type === 'app')
            why(project.type === 'app' ? 'an app never imports another app' : 'a lib never imports an app');
          if (target.scope === 'testing' && !isTest(rel)) why('testing helpers are for tests only');
          if (project.scope === 'cli') why('the CLI is a standalone client: it imports no other project');
          if (
            project.type === 'lib' &&
            project.scope !== 'testing' &&
            target.scope !== 'shared' &&
            !isTest(rel)
          )
            why(`a scope:${project.scope} lib may only import scope:shared libs`);
        }
      }
    }
    expect(violations).toEqual([]);
  });
});
