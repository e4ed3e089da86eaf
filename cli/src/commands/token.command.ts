import type { ApiToken } from '../core/api-types';
import type { CommandSpec, GroupSpec } from '../core/command';
import { apiPath } from '../core/registry-url';

const create: CommandSpec = {
  name: 'create',
  summary: 'Create a personal API token and print its secret (shown only this once)',
  description: 'Use the secret as the password of `docker login` or of Basic authentication.',
  args: ['NAME'],
  usage: 'NAME [--expires-in-days N]',
  options: {
    'expires-in-days': {
      type: 'string',
      value: 'N',
      description: 'lifetime in days (default 90; 0 = never expires)',
    },
  },
  examples: ['berth token create ci --expires-in-days 30'],
  async run(ctx, input) {
    const { username } = ctx.login();
    const days = input.integer('expires-in-days', '--expires-in-days');
    const body = { name: input.args[0], ...(days !== undefined ? { expiresInDays: days } : {}) };
    const res = await ctx
      .api()
      .post<{ token?: ApiToken; secret: string }>(apiPath('users', username, 'tokens'), body);
    ctx.out.result(res, () =>
      ctx.out.fields([
        ['name', res.token?.name ?? input.args[0]],
        ['expires', res.token?.expiresAt || 'never'],
        ['secret', res.secret],
      ]),
    );
  },
};

const list: CommandSpec = {
  name: 'list',
  summary: 'List your personal API tokens (never their secrets)',
  args: [],
  usage: '',
  examples: ['berth token list'],
  async run(ctx) {
    const { username } = ctx.login();
    const res = await ctx.api().get<{ tokens?: ApiToken[] }>(apiPath('users', username, 'tokens'));
    ctx.out.result(res, () =>
      ctx.out.table(
        ['name', 'created', 'expires', 'last used', 'revoked'],
        (res.tokens ?? []).map((t) => [
          t.name,
          t.createdAt,
          t.expiresAt || 'never',
          t.lastUsedAt,
          t.revoked ?? false,
        ]),
        'No API tokens.',
      ),
    );
  },
};

const revoke: CommandSpec = {
  name: 'revoke',
  summary: 'Revoke one of your personal API tokens',
  args: ['NAME'],
  usage: 'NAME',
  examples: ['berth token revoke ci'],
  async run(ctx, input) {
    const { username } = ctx.login();
    const res = await ctx.api().delete(apiPath('users', username, 'tokens', input.args[0]));
    ctx.out.result(res, () => ctx.out.line(`token ${input.args[0]} revoked`));
  },
};

export const tokenGroup: GroupSpec = {
  name: 'token',
  aliases: ['tokens'],
  summary: 'Manage your personal API tokens',
  commands: [create, list, revoke],
  examples: ['berth token create ci'],
};
