import type { User } from '../core/api-types';
import { CliError } from '../core/cli-error';
import type { CommandSpec, GroupSpec } from '../core/command';
import type { CommandContext } from '../core/command-context';
import type { Cell } from '../core/output';
import { apiPath } from '../core/registry-url';
import { listPages } from './paging';

function userFields(u: User | null | undefined): Array<[string, Cell]> {
  return [
    ['username', u?.username],
    ['registry admin', u?.registryAdmin ?? false],
    ['disabled', u?.disabled ?? false],
    ['created', u?.createdAt],
    ['groups', (u?.groups ?? []).join(', ')],
  ];
}

const create: CommandSpec = {
  name: 'create',
  summary: 'Create a user (registry administrators)',
  description: 'Without --password-stdin a password is generated and printed once.',
  args: ['NAME'],
  usage: 'NAME [--admin] [--password-stdin]',
  options: {
    admin: { type: 'boolean', description: 'make the user a registry administrator' },
    'password-stdin': { type: 'boolean', description: 'read the password from standard input' },
  },
  examples: ['berth user create alice', 'printf %s "$PW" | berth user create bob --admin --password-stdin'],
  async run(ctx, input) {
    const body: Record<string, unknown> = { username: input.args[0], registryAdmin: input.bool('admin') };
    if (input.bool('password-stdin')) body['password'] = await ctx.prompter.readAll('password');
    const res = await ctx.api().post<{ user?: User; generatedPassword?: string }>('/api/v1/users', body);
    const password: Array<[string, Cell]> = res.generatedPassword
      ? [['password', res.generatedPassword]]
      : [];
    ctx.out.result(res, () => ctx.out.fields([...userFields(res.user), ...password]));
  },
};

const list: CommandSpec = {
  name: 'list',
  summary: 'List users (registry administrators)',
  args: [],
  usage: '[--limit N [--last NAME]]',
  options: {
    limit: { type: 'string', value: 'N', description: 'one page of at most N users (default: all users)' },
    last: { type: 'string', value: 'NAME', description: 'with --limit: start after this username' },
  },
  examples: ['berth user list'],
  async run(ctx, input) {
    const { items, response } = await listPages<User>(
      ctx,
      input,
      '/api/v1/users',
      'users',
      (u) => u.username,
    );
    ctx.out.result(response, () =>
      ctx.out.table(
        ['username', 'admin', 'disabled', 'created', 'groups'],
        items.map((u) => [
          u.username,
          u.registryAdmin ?? false,
          u.disabled ?? false,
          u.createdAt,
          (u.groups ?? []).join(','),
        ]),
        'No users.',
      ),
    );
  },
};

const show: CommandSpec = {
  name: 'show',
  summary: 'Show a user (registry administrators, or yourself)',
  args: ['NAME'],
  usage: 'NAME',
  examples: ['berth user show alice'],
  async run(ctx, input) {
    const res = await ctx.api().get<{ user?: User }>(apiPath('users', input.args[0]));
    ctx.out.result(res, () => ctx.out.fields(userFields(res.user)));
  },
};

function setDisabled(disabled: boolean): CommandSpec {
  const verb = disabled ? 'disable' : 'enable';
  return {
    name: verb,
    summary: disabled
      ? 'Disable a user: its password and tokens stop working (registry administrators)'
      : 'Enable a disabled user again (registry administrators)',
    args: ['NAME'],
    usage: 'NAME',
    examples: [`berth user ${verb} alice`],
    async run(ctx, input) {
      const res = await ctx.api().patch<{ user?: User }>(apiPath('users', input.args[0]), { disabled });
      ctx.out.result(res, () => ctx.out.line(`user ${input.args[0]} ${verb}d`));
    },
  };
}

const passwd: CommandSpec = {
  name: 'passwd',
  summary: 'Change your password, or reset another user’s (registry administrators)',
  description: [
    'Your own (NAME omitted or yours): asks the current and the new password; with --password-stdin',
    'reads them from standard input, one line each. Another user’s: an administrator reset; a new',
    'password is generated and printed once, unless --password-stdin gives it.',
  ].join('\n'),
  args: ['[NAME]'],
  usage: '[NAME] [--password-stdin]',
  options: {
    'password-stdin': { type: 'boolean', description: 'read the password(s) from standard input' },
  },
  examples: ['berth user passwd', 'berth user passwd bob'],
  async run(ctx, input) {
    const me = ctx.config()?.username;
    const name = input.args[0] ?? me;
    if (!name) throw new CliError("not logged in: run 'berth login URL' first, or name the user");
    const path = apiPath('users', name, 'password');
    if (name === me) return changeOwn(ctx, path, input.bool('password-stdin'));
    const body = input.bool('password-stdin') ? { newPassword: await ctx.prompter.readAll('password') } : {};
    const res = await ctx.api().post<{ generatedPassword?: string }>(path, body);
    ctx.out.result(res, () => {
      ctx.out.line(`password of ${name} reset`);
      if (res.generatedPassword) ctx.out.fields([['password', res.generatedPassword]]);
    });
  },
};

async function changeOwn(ctx: CommandContext, path: string, fromStdin: boolean): Promise<void> {
  const p = ctx.prompter;
  let currentPassword: string;
  let newPassword: string;
  if (fromStdin) {
    const lines = (await p.readAll('passwords')).split(/\r?\n/);
    if (lines.length !== 2)
      throw new CliError('--password-stdin: give the current and the new password, one line each');
    [currentPassword, newPassword] = lines;
  } else {
    currentPassword = await p.askSecret('Current password: ');
    newPassword = await p.askSecret('New password: ');
    if (p.interactive && (await p.askSecret('New password again: ')) !== newPassword) {
      throw new CliError('the new passwords differ');
    }
  }
  if (newPassword === '') throw new CliError('the new password is empty');
  const res = await ctx.api().post<Record<string, unknown>>(path, { currentPassword, newPassword });
  ctx.out.result(res, () => ctx.out.line('password changed'));
}

export const userGroup: GroupSpec = {
  name: 'user',
  aliases: ['users'],
  summary: 'Manage users',
  commands: [create, list, show, setDisabled(true), setDisabled(false), passwd],
  examples: ['berth user create alice'],
};
