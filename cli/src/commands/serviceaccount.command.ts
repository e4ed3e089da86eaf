import type { PullSecretResponse, ServiceAccount } from '../core/api-types';
import { CliError } from '../core/cli-error';
import type { CommandSpec, GroupSpec } from '../core/command';
import { apiPath, registryHost } from '../core/registry-url';
import { pullSecretManifest } from '../formats/kube-secret';
import { toYaml } from '../formats/yaml-emitter';
import { PROJECT_OPTION } from './member.command';

const create: CommandSpec = {
  name: 'create',
  summary: 'Create a service account with a fresh pull secret (project admins)',
  args: ['NAME'],
  usage: 'NAME -n PROJECT',
  options: PROJECT_OPTION,
  examples: ['berth serviceaccount create ci -n team-a'],
  async run(ctx, input) {
    const project = input.required('project', '-n PROJECT');
    const res = await ctx
      .api()
      .post<{ serviceAccount?: ServiceAccount }>(apiPath('projects', project, 'serviceaccounts'), {
        name: input.args[0],
      });
    const sa = res.serviceAccount;
    ctx.out.result(res, () =>
      ctx.out.fields([
        ['name', sa?.name ?? input.args[0]],
        ['project', sa?.project ?? project],
        ['subject', sa?.subject],
        ['username', sa?.username],
        ['created', sa?.createdAt],
      ]),
    );
  },
};

const list: CommandSpec = {
  name: 'list',
  summary: "List a project's service accounts",
  args: [],
  usage: '-n PROJECT',
  options: PROJECT_OPTION,
  examples: ['berth serviceaccount list -n team-a'],
  async run(ctx, input) {
    const project = input.required('project', '-n PROJECT');
    const res = await ctx
      .api()
      .get<{ serviceAccounts?: ServiceAccount[] }>(apiPath('projects', project, 'serviceaccounts'));
    ctx.out.result(res, () =>
      ctx.out.table(
        ['name', 'username', 'created', 'pull secret'],
        (res.serviceAccounts ?? []).map((s) => [
          s.name,
          s.username,
          s.createdAt,
          s.pullSecretCreatedAt ? `since ${s.pullSecretCreatedAt}` : 'revoked',
        ]),
        'No service accounts.',
      ),
    );
  },
};

const remove: CommandSpec = {
  name: 'delete',
  summary: 'Delete a service account, with its bindings and pull secret (project admins)',
  args: ['NAME'],
  usage: 'NAME -n PROJECT',
  options: PROJECT_OPTION,
  examples: ['berth serviceaccount delete ci -n team-a'],
  async run(ctx, input) {
    const project = input.required('project', '-n PROJECT');
    const res = await ctx.api().delete(apiPath('projects', project, 'serviceaccounts', input.args[0]));
    ctx.out.result(res, () => ctx.out.line(`service account ${project}:${input.args[0]} deleted`));
  },
};

const pullSecret: CommandSpec = {
  name: 'pull-secret',
  summary: "Print a service account's pull secret as a Kubernetes Secret (project admins)",
  description: [
    'Prints a Secret of type kubernetes.io/dockerconfigjson (YAML; JSON with -o json) holding the',
    "service account's login for this registry, ready for `kubectl apply -f -` and imagePullSecrets.",
    '--rotate replaces the pull secret first (the old one stops working for new logins at once);',
    '--revoke revokes it and prints nothing but a confirmation.',
  ].join('\n'),
  args: ['NAME'],
  usage: 'NAME -n PROJECT [--rotate | --revoke] [--secret-name NAME] [--namespace K8S_NAMESPACE]',
  options: {
    ...PROJECT_OPTION,
    rotate: { type: 'boolean', description: 'rotate the pull secret, then print the new one' },
    revoke: { type: 'boolean', description: 'revoke the pull secret (until the next --rotate)' },
    'secret-name': {
      type: 'string',
      value: 'NAME',
      description: 'metadata.name of the Secret (default: <PROJECT>-<NAME>-pull-secret)',
    },
    namespace: { type: 'string', value: 'K8S_NAMESPACE', description: 'metadata.namespace of the Secret' },
  },
  examples: ['berth serviceaccount pull-secret default -n team-a --namespace apps | kubectl apply -f -'],
  async run(ctx, input) {
    const project = input.required('project', '-n PROJECT');
    const name = input.args[0];
    if (input.bool('rotate') && input.bool('revoke'))
      throw input.usage('--rotate and --revoke exclude each other');
    const api = ctx.api();
    const path = apiPath('projects', project, 'serviceaccounts', name, 'pull-secret');
    if (input.bool('revoke')) {
      const res = await api.delete(path);
      ctx.out.result(res, () => ctx.out.line(`pull secret of service account ${project}:${name} revoked`));
      return;
    }
    const res = input.bool('rotate')
      ? await api.post<PullSecretResponse>(path, {})
      : await api.get<PullSecretResponse>(path);
    const secret = res.pullSecret;
    if (!secret?.username || !secret.password) {
      throw new CliError(
        `service account ${project}:${name} has no pull secret (revoked?): create one with --rotate`,
      );
    }
    const manifest = pullSecretManifest({
      name: input.string('secret-name') ?? `${project}-${name}-pull-secret`,
      namespace: input.string('namespace'),
      host: registryHost(api.baseUrl),
      username: secret.username,
      password: secret.password,
    });
    if (ctx.out.json) ctx.out.printJson(manifest);
    else ctx.io.stdout.write(toYaml(manifest));
  },
};

export const serviceAccountGroup: GroupSpec = {
  name: 'serviceaccount',
  aliases: ['serviceaccounts', 'sa'],
  summary: "Manage a project's service accounts and their pull secrets",
  commands: [create, list, remove, pullSecret],
  examples: ['berth serviceaccount pull-secret default -n team-a | kubectl apply -f -'],
};
