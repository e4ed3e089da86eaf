import type { Member, Subject } from '../core/api-types';
import type { CommandInput, CommandSpec, GroupSpec, OptionSpec } from '../core/command';
import { apiPath } from '../core/registry-url';

export const PROJECT_OPTION: Record<string, OptionSpec> = {
  project: { type: 'string', short: 'n', value: 'PROJECT', description: 'the project (required)' },
};

const GROUP_OPTION: Record<string, OptionSpec> = {
  group: { type: 'boolean', description: 'SUBJECT is a group (default: a user)' },
};

const ROLES = 'admin, maintainer, developer or guest (or administrator, operator, editor, viewer)';

function memberSubject(input: CommandInput, name: string): Subject {
  return { kind: input.bool('group') ? 'group' : 'user', name };
}

const add: CommandSpec = {
  name: 'add',
  summary: 'Give a user or group a role in a project (project admins)',
  description: `ROLE: ${ROLES}.`,
  args: ['SUBJECT', 'ROLE'],
  usage: 'SUBJECT ROLE -n PROJECT [--group]',
  options: { ...PROJECT_OPTION, ...GROUP_OPTION },
  examples: ['berth member add alice developer -n team-a', 'berth member add devs guest -n team-a --group'],
  async run(ctx, input) {
    const project = input.required('project', '-n PROJECT');
    const [name, role] = input.args;
    const subject = memberSubject(input, name);
    const res = await ctx
      .api()
      .post<{ member?: Member }>(apiPath('projects', project, 'members'), { subject, role });
    ctx.out.result(res, () =>
      ctx.out.line(`${subject.kind} ${name} is ${res.member?.role ?? role} in project ${project}`),
    );
  },
};

const list: CommandSpec = {
  name: 'list',
  summary: "List a project's members",
  args: [],
  usage: '-n PROJECT',
  options: PROJECT_OPTION,
  examples: ['berth member list -n team-a'],
  async run(ctx, input) {
    const project = input.required('project', '-n PROJECT');
    const res = await ctx.api().get<{ members?: Member[] }>(apiPath('projects', project, 'members'));
    ctx.out.result(res, () =>
      ctx.out.table(
        ['kind', 'name', 'role', 'added'],
        (res.members ?? []).map((m) => [m.subject?.kind, m.subject?.name, m.role, m.addedAt]),
        'No members.',
      ),
    );
  },
};

const update: CommandSpec = {
  name: 'update',
  summary: "Change a member's role (project admins)",
  description: `ROLE: ${ROLES}.`,
  args: ['SUBJECT', 'ROLE'],
  usage: 'SUBJECT ROLE -n PROJECT [--group]',
  options: { ...PROJECT_OPTION, ...GROUP_OPTION },
  examples: ['berth member update alice maintainer -n team-a'],
  async run(ctx, input) {
    const project = input.required('project', '-n PROJECT');
    const [name, role] = input.args;
    const subject = memberSubject(input, name);
    const res = await ctx
      .api()
      .patch<{ member?: Member }>(apiPath('projects', project, 'members', subject.kind, name), { role });
    ctx.out.result(res, () =>
      ctx.out.line(`${subject.kind} ${name} is ${res.member?.role ?? role} in project ${project}`),
    );
  },
};

const remove: CommandSpec = {
  name: 'remove',
  summary: 'Remove a member from a project (project admins; not the last admin)',
  args: ['SUBJECT'],
  usage: 'SUBJECT -n PROJECT [--group]',
  options: { ...PROJECT_OPTION, ...GROUP_OPTION },
  examples: ['berth member remove alice -n team-a'],
  async run(ctx, input) {
    const project = input.required('project', '-n PROJECT');
    const subject = memberSubject(input, input.args[0]);
    const res = await ctx.api().delete(apiPath('projects', project, 'members', subject.kind, subject.name));
    ctx.out.result(res, () =>
      ctx.out.line(`${subject.kind} ${subject.name} removed from project ${project}`),
    );
  },
};

export const memberGroup: GroupSpec = {
  name: 'member',
  aliases: ['members'],
  summary: "Manage a project's members and their roles",
  commands: [add, list, update, remove],
  examples: ['berth member add alice developer -n team-a'],
};
