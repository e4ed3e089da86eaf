import type { Project } from '../core/api-types';
import type { CommandSpec, GroupSpec } from '../core/command';
import type { Cell } from '../core/output';
import { apiPath } from '../core/registry-url';
import { listPages } from './paging';

function visibility(p: Project | null | undefined): string {
  return p?.public ? 'public' : 'private';
}

function projectFields(p: Project | null | undefined): Array<[string, Cell]> {
  return [
    ['name', p?.name],
    ['visibility', visibility(p)],
    ['repositories', p?.repositoryCount ?? 0],
    ['your role', p?.callerRole],
    ['created', p?.createdAt],
    ['created by', p?.createdBy],
  ];
}

const create: CommandSpec = {
  name: 'create',
  summary: 'Create a project (namespace); you become its admin',
  description: 'It gets the service accounts "default" and "builder". Private unless --public.',
  args: ['NAME'],
  usage: 'NAME [--public]',
  options: { public: { type: 'boolean', description: 'anyone, even anonymous, may pull from it' } },
  examples: ['berth project create team-a', 'berth project create base-images --public'],
  async run(ctx, input) {
    const res = await ctx
      .api()
      .post<{ project?: Project }>('/api/v1/projects', { name: input.args[0], public: input.bool('public') });
    ctx.out.result(res, () => ctx.out.fields(projectFields(res.project)));
  },
};

const list: CommandSpec = {
  name: 'list',
  summary: 'List the projects you may see',
  args: [],
  usage: '[--limit N [--last NAME]]',
  options: {
    limit: { type: 'string', value: 'N', description: 'one page of at most N projects (default: all)' },
    last: { type: 'string', value: 'NAME', description: 'with --limit: start after this project' },
  },
  examples: ['berth project list'],
  async run(ctx, input) {
    const { items, response } = await listPages<Project>(
      ctx,
      input,
      '/api/v1/projects',
      'projects',
      (p) => p.name,
    );
    ctx.out.result(response, () =>
      ctx.out.table(
        ['name', 'visibility', 'repositories', 'role', 'created'],
        items.map((p) => [p.name, visibility(p), p.repositoryCount ?? 0, p.callerRole, p.createdAt]),
        'No projects.',
      ),
    );
  },
};

const show: CommandSpec = {
  name: 'show',
  summary: 'Show a project',
  args: ['NAME'],
  usage: 'NAME',
  examples: ['berth project show team-a'],
  async run(ctx, input) {
    const res = await ctx.api().get<{ project?: Project }>(apiPath('projects', input.args[0]));
    ctx.out.result(res, () => ctx.out.fields(projectFields(res.project)));
  },
};

const remove: CommandSpec = {
  name: 'delete',
  summary: 'Delete a project (refused while it holds images, unless --force)',
  args: ['NAME'],
  usage: 'NAME [--force]',
  options: { force: { type: 'boolean', description: 'delete its images too' } },
  examples: ['berth project delete team-a --force'],
  async run(ctx, input) {
    const name = input.args[0];
    const res = await ctx.api().delete<{ deletedRepositories?: string[] }>(apiPath('projects', name), {
      query: { force: input.bool('force') ? 'true' : undefined },
    });
    ctx.out.result(res, () => {
      ctx.out.line(`project ${name} deleted`);
      for (const repo of res.deletedRepositories ?? []) ctx.out.line(`deleted repository ${repo}`);
    });
  },
};

const setVisibility: CommandSpec = {
  name: 'set-visibility',
  summary: 'Make a project public or private',
  args: ['NAME', 'VISIBILITY'],
  usage: 'NAME public|private',
  examples: ['berth project set-visibility team-a public'],
  async run(ctx, input) {
    const [name, value] = input.args;
    const v = input.oneOf(value, ['public', 'private'] as const, 'the visibility');
    const res = await ctx
      .api()
      .patch<{ project?: Project }>(apiPath('projects', name), { public: v === 'public' });
    ctx.out.result(res, () =>
      ctx.out.line(`project ${name} is ${res.project ? visibility(res.project) : v}`),
    );
  },
};

export const projectGroup: GroupSpec = {
  name: 'project',
  aliases: ['projects'],
  summary: 'Manage projects (namespaces)',
  commands: [create, list, show, remove, setVisibility],
  examples: ['berth project create team-a'],
};
