import type { ApiToken, Caller, TokenResponse } from '../core/api-types';
import { ApiError, CliError } from '../core/cli-error';
import type { CommandSpec } from '../core/command';
import type { CommandContext } from '../core/command-context';
import { removeConfig, writeConfig } from '../core/config-store';
import { apiPath, normalizeRegistryUrl } from '../core/registry-url';
import { parseChallenge } from '../formats/www-authenticate';

const TOKEN_DAYS = 90;

function tokenNameFor(ctx: CommandContext): string {
  return `berth-cli@${ctx.io.hostname}`;
}

export const loginCommand: CommandSpec = {
  name: 'login',
  summary: 'Log in to a registry; keeps a personal API token for the other commands',
  description: [
    'Creates the personal API token "berth-cli@<hostname>" (90 days; an older one of that name is',
    'revoked and replaced) with your password, and keeps URL, username and token in',
    '~/.berth/config.json (or $BERTH_CONFIG), readable only by you. The password is not stored.',
  ].join('\n'),
  args: ['URL'],
  usage: 'URL [-u USER] [--password-stdin]',
  options: {
    username: { type: 'string', short: 'u', value: 'USER', description: 'username (asked when missing)' },
    'password-stdin': { type: 'boolean', description: 'read the password from standard input' },
  },
  examples: [
    'berth login https://registry.example.com -u alice',
    'printf %s "$PASSWORD" | berth login registry.example.com -u alice --password-stdin',
  ],
  async run(ctx, input) {
    const url = normalizeRegistryUrl(input.args[0]);
    const fromStdin = input.bool('password-stdin');
    let username = input.string('username');
    if (username === undefined && fromStdin) throw input.usage('--password-stdin needs -u USER');
    if (username === undefined) username = (await ctx.prompter.ask('Username: ')).trim();
    if (username === '') throw new CliError('a username is required');
    const password = fromStdin
      ? await ctx.prompter.readAll('password')
      : await ctx.prompter.askSecret('Password: ');
    if (password === '') throw new CliError('a password is required');

    const credentials = { username, secret: password };
    const client = ctx.client(url);
    const name = tokenNameFor(ctx);
    const create = () =>
      client.post<{ token?: ApiToken; secret: string }>(
        apiPath('users', username, 'tokens'),
        { name, expiresInDays: TOKEN_DAYS },
        { credentials },
      );
    let created: { token?: ApiToken; secret: string };
    try {
      created = await create();
    } catch (err) {
      if (!(err instanceof ApiError) || (err.code !== 'ALREADY_EXISTS' && err.code !== 'CONFLICT')) {
        if (err instanceof ApiError && err.status === 401) throw new CliError(`login failed: ${err.message}`);
        throw err;
      }
      await client.delete(apiPath('users', username, 'tokens', name), { credentials });
      created = await create();
    }
    if (typeof created.secret !== 'string' || created.secret === '') {
      throw new CliError('the registry did not return the new API token');
    }
    writeConfig(ctx.configPath, { url, username, token: created.secret, tokenName: name });
    ctx.out.result({ url, username, token: created.token ?? { name } }, () =>
      ctx.out.line(
        `Logged in to ${url} as ${username} (API token ${name}` +
          `${created.token?.expiresAt ? `, expires ${created.token.expiresAt}` : ''})`,
      ),
    );
  },
};

export const logoutCommand: CommandSpec = {
  name: 'logout',
  summary: 'Revoke the API token of berth login and forget the login',
  args: [],
  usage: '',
  examples: ['berth logout'],
  async run(ctx) {
    const config = ctx.config();
    if (!config) {
      ctx.out.result({}, () => ctx.out.note('Not logged in.'));
      return;
    }
    const name = config.tokenName ?? tokenNameFor(ctx);
    let revoked = true;
    try {
      await ctx
        .client(config.url, { username: config.username, secret: config.token })
        .delete(apiPath('users', config.username, 'tokens', name));
    } catch (err) {
      revoked = false;
      ctx.out.note(`berth: warning: could not revoke the API token ${name}: ${(err as Error).message}`);
    }
    removeConfig(ctx.configPath);
    ctx.out.result({ url: config.url, username: config.username, tokenName: name, revoked }, () =>
      ctx.out.line(`Logged out of ${config.url}`),
    );
  },
};

export const whoamiCommand: CommandSpec = {
  name: 'whoami',
  summary: 'Show who you are to the registry, or print an access token (-t)',
  description: [
    'With -t, asks the token endpoint the registry names in its /v2/ challenge for an access token',
    '(Docker token spec) and prints it; use it as `Authorization: Bearer <token>`.',
  ].join('\n'),
  args: [],
  usage: '[-t [--scope SCOPE]...]',
  options: {
    token: { type: 'boolean', short: 't', description: 'print a fresh access token' },
    scope: {
      type: 'string',
      multiple: true,
      value: 'SCOPE',
      description: 'with -t: a scope to request, e.g. repository:team-a/app:pull (repeatable)',
    },
  },
  examples: [
    'berth whoami',
    'curl -H "Authorization: Bearer $(berth whoami -t)" https://registry.example.com/api/v1/whoami',
  ],
  async run(ctx, input) {
    if (input.list('scope').length > 0 && !input.bool('token')) throw input.usage('--scope goes with -t');
    if (input.bool('token')) return printToken(ctx, input.list('scope'));
    const api = ctx.api();
    const res = await api.get<{ caller?: Caller | null }>('/api/v1/whoami');
    const c = res.caller;
    ctx.out.result(res, () =>
      ctx.out.fields([
        ['registry', api.baseUrl],
        ['kind', c?.kind],
        ['subject', c?.subject],
        ['registry admin', c?.registryAdmin ?? false],
        ['groups', (c?.groups ?? []).join(', ')],
      ]),
    );
  },
};

async function printToken(ctx: CommandContext, scopes: string[]): Promise<void> {
  const api = ctx.api();
  const probe = await api.send('GET', api.url('/v2/'), { credentials: null });
  await probe.arrayBuffer();
  const challenge = parseChallenge(probe.headers.get('www-authenticate'));
  if (!challenge || challenge.scheme !== 'bearer' || !challenge.params['realm']) {
    throw new CliError(
      `${api.baseUrl}/v2/ answered HTTP ${probe.status} without a Bearer challenge: no token to get`,
    );
  }
  const realm = new URL(challenge.params['realm'], `${api.baseUrl}/`);
  const res = await api.request<TokenResponse>('GET', realm.toString(), {
    query: {
      service: challenge.params['service'],
      account: api.loggedIn ? ctx.config()?.username : undefined,
      scope: scopes,
    },
  });
  const token = res.body.token ?? res.body.access_token;
  if (!token) throw new CliError(`${realm.origin}${realm.pathname} answered without a token`);
  ctx.out.result(res.body, () => ctx.out.line(token));
}
