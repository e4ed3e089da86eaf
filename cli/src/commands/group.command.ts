import type { Group } from '../core/api-types';
import type { CommandSpec, GroupSpec } from '../core/command';
import type { Cell } from '../core/output';
import { apiPath } from '../core/registry-url';

function groupFields(g: Group | null | undefined): Array<[string, Cell]> {
  return [
    ['name', g?.name],
    ['created', g?.createdAt],
    ['members', (g?.members ?? []).join(', ')],
  ];
}

const create: CommandSpec = {
  name: 'create',
  summary: 'Create a user group',
  args: ['NAME'],
  usage: 'NAME',
  examples: ['berth group create devs'],
  async run(ctx, input) {
    const res = await ctx.api().post<{ group?: Group }>('/api/v1/groups', { name: input.args[0] });
    ctx.out.result(res, () => ctx.out.fields(groupFields(res.group)));
  },
};

const list: CommandSpec = {
  name: 'list',
  summary: 'List user groups',
  args: [],
  usage: '',
  examples: ['berth group list'],
  async run(ctx) {
    const res = await ctx.api().get<{ groups?: Group[] }>('/api/v1/groups');
    ctx.out.result(res, () =>
      ctx.out.table(
        ['name', 'members', 'created'],
        (res.groups ?? []).map((g) => [g.name, (g.members ?? []).join(','), g.createdAt]),
        'No groups.',
      ),
    );
  },
};

const show: CommandSpec = {
  name: 'show',
  summary: 'Show a group and its members',
  args: ['NAME'],
  usage: 'NAME',
  examples: ['berth group show devs'],
  async run(ctx, input) {
    const res = await ctx.api().get<{ group?: Group }>(apiPath('groups', input.args[0]));
    ctx.out.result(res, () => ctx.out.fields(groupFields(res.group)));
  },
};

const remove: CommandSpec = {
  name: 'delete',
  summary: 'Delete a group, with every membership and role binding naming it',
  args: ['NAME'],
  usage: 'NAME',
  examples: ['berth group delete devs'],
  async run(ctx, input) {
    const res = await ctx.api().delete(apiPath('groups', input.args[0]));
    ctx.out.result(res, () => ctx.out.line(`group ${input.args[0]} deleted`));
  },
};

const addMember: CommandSpec = {
  name: 'add-member',
  summary: 'Add a user to a group',
  args: ['GROUP', 'USER'],
  usage: 'GROUP USER',
  examples: ['berth group add-member devs alice'],
  async run(ctx, input) {
    const [group, user] = input.args;
    const res = await ctx.api().put<{ group?: Group }>(apiPath('groups', group, 'members', user));
    ctx.out.result(res, () => ctx.out.line(`${user} added to group ${group}`));
  },
};

const removeMember: CommandSpec = {
  name: 'remove-member',
  summary: 'Remove a user from a group',
  args: ['GROUP', 'USER'],
  usage: 'GROUP USER',
  examples: ['berth group remove-member devs alice'],
  async run(ctx, input) {
    const [group, user] = input.args;
    const res = await ctx.api().delete<{ group?: Group }>(apiPath('groups', group, 'members', user));
    ctx.out.result(res, () => ctx.out.line(`${user} removed from group ${group}`));
  },
};

export const groupGroup: GroupSpec = {
  name: 'group',
  aliases: ['groups'],
  summary: 'Manage user groups (registry administrators)',
  commands: [create, list, show, remove, addMember, removeMember],
  examples: ['berth group add-member devs alice'],
};
