import * as fs from 'node:fs';
import type { RegistryCredential } from '../core/api-types';
import { CliError } from '../core/cli-error';
import type { CommandInput, CommandSpec, GroupSpec } from '../core/command';
import type { CommandContext } from '../core/command-context';
import { apiPath } from '../core/registry-url';
import { loginFromDockerConfig, parseDockerConfig, type RegistryLogin } from '../formats/docker-config';
import { PROJECT_OPTION } from './member.command';

/** The login to store, from the --docker-* flags or from a docker config.json. */
async function loginOf(ctx: CommandContext, input: CommandInput): Promise<RegistryLogin> {
  const file = input.string('from-docker-config');
  const server = input.string('docker-server');
  const user = input.string('docker-username');
  const passwordFlag = input.string('docker-password');
  const passwordStdin = input.bool('docker-password-stdin');
  if (file !== undefined) {
    if (
      user !== undefined ||
      passwordFlag !== undefined ||
      passwordStdin ||
      input.string('docker-email') !== undefined
    ) {
      throw input.usage('--from-docker-config takes the username, password and email from the file');
    }
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new CliError(
        `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
    return loginFromDockerConfig(parseDockerConfig(text, file), file, server);
  }
  if (passwordFlag !== undefined && passwordStdin) {
    throw input.usage('give --docker-password or --docker-password-stdin, not both');
  }
  const missing = [
    server === undefined && '--docker-server',
    user === undefined && '--docker-username',
    passwordFlag === undefined && !passwordStdin && '--docker-password',
  ].filter(Boolean);
  if (missing.length > 0) throw input.usage(`missing ${missing.join(', ')} (or --from-docker-config FILE)`);
  const password = passwordStdin ? await ctx.prompter.readAll('password') : (passwordFlag as string);
  const email = input.string('docker-email');
  return { server: server as string, username: user as string, password, ...(email ? { email } : {}) };
}

const create: CommandSpec = {
  name: 'create',
  summary: 'Store credentials for another registry in a project, encrypted (project admins)',
  description: [
    'Give the login with --docker-server/--docker-username/--docker-password, or take it from a',
    'docker config.json with --from-docker-config (the entry for --docker-server, or the only one).',
    'Credentials kept by a docker credential helper (credsStore/credHelpers) cannot be read from it.',
  ].join('\n'),
  args: ['TYPE', 'NAME'],
  usage:
    'docker-registry NAME -n PROJECT (--docker-server S --docker-username U --docker-password P [--docker-email E] | --from-docker-config FILE [--docker-server S])',
  options: {
    ...PROJECT_OPTION,
    'docker-server': { type: 'string', value: 'S', description: 'registry host, e.g. quay.io' },
    'docker-username': { type: 'string', value: 'U', description: 'username at that registry' },
    'docker-password': { type: 'string', value: 'P', description: 'password or token at that registry' },
    'docker-password-stdin': { type: 'boolean', description: 'read the password from standard input' },
    'docker-email': { type: 'string', value: 'E', description: 'email (optional)' },
    'from-docker-config': {
      type: 'string',
      value: 'FILE',
      description: 'read the login from a docker config.json',
    },
  },
  examples: [
    'berth secret create docker-registry quay -n team-a --docker-server quay.io --docker-username me --docker-password "$TOKEN"',
    'berth secret create docker-registry hub -n team-a --from-docker-config ~/.docker/config.json --docker-server docker.io',
  ],
  async run(ctx, input) {
    const [type, name] = input.args;
    if (type !== 'docker-registry') {
      throw input.usage(`unknown secret type ${JSON.stringify(type)}: only docker-registry`);
    }
    const project = input.required('project', '-n PROJECT');
    const login = await loginOf(ctx, input);
    const body = {
      name,
      server: login.server,
      username: login.username,
      password: login.password,
      ...(login.email ? { email: login.email } : {}),
    };
    const res = await ctx
      .api()
      .post<{ credential?: RegistryCredential }>(apiPath('projects', project, 'secrets'), body);
    ctx.out.result(res, () =>
      ctx.out.line(`secret ${name} created in project ${project} (${login.username} at ${login.server})`),
    );
  },
};

const list: CommandSpec = {
  name: 'list',
  summary: "List a project's registry credentials (never their passwords)",
  args: [],
  usage: '-n PROJECT',
  options: PROJECT_OPTION,
  examples: ['berth secret list -n team-a'],
  async run(ctx, input) {
    const project = input.required('project', '-n PROJECT');
    const res = await ctx
      .api()
      .get<{ credentials?: RegistryCredential[] }>(apiPath('projects', project, 'secrets'));
    ctx.out.result(res, () =>
      ctx.out.table(
        ['name', 'server', 'username', 'email', 'created'],
        (res.credentials ?? []).map((c) => [c.name, c.server, c.username, c.email, c.createdAt]),
        'No secrets.',
      ),
    );
  },
};

const remove: CommandSpec = {
  name: 'delete',
  summary: 'Delete registry credentials from a project',
  args: ['NAME'],
  usage: 'NAME -n PROJECT',
  options: PROJECT_OPTION,
  examples: ['berth secret delete quay -n team-a'],
  async run(ctx, input) {
    const project = input.required('project', '-n PROJECT');
    const res = await ctx.api().delete(apiPath('projects', project, 'secrets', input.args[0]));
    ctx.out.result(res, () => ctx.out.line(`secret ${input.args[0]} deleted from project ${project}`));
  },
};

export const secretGroup: GroupSpec = {
  name: 'secret',
  aliases: ['secrets'],
  summary: "Manage a project's credentials for other registries (used by imports)",
  commands: [create, list, remove],
  examples: ['berth secret create docker-registry quay -n team-a --from-docker-config ~/.docker/config.json'],
};
