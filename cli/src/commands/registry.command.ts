import type { CommandSpec, GroupSpec } from '../core/command';
import { registryHost } from '../core/registry-url';
import { dockerConfigPath, mergeRegistryAuth } from '../formats/docker-config';

const login: CommandSpec = {
  name: 'login',
  summary: 'Write your login (username + API token) into a docker config.json',
  description: [
    'Sets auths[HOST] = {"auth": base64(username:token)} in FILE, $DOCKER_CONFIG/config.json or',
    '~/.docker/config.json, keeping everything else in it; docker, podman, skopeo and buildah then',
    'use it. HOST defaults to the host:port of the registry you logged in to.',
  ].join('\n'),
  args: [],
  usage: '[--registry HOST] [--to FILE]',
  options: {
    registry: {
      type: 'string',
      value: 'HOST',
      description: 'the registry host[:port] to write the entry for',
    },
    to: { type: 'string', value: 'FILE', description: 'the docker config.json to update' },
  },
  examples: ['berth registry login', 'berth registry login --to "$XDG_RUNTIME_DIR/containers/auth.json"'],
  async run(ctx, input) {
    const config = ctx.login();
    const host = input.string('registry') ?? registryHost(ctx.registryUrl());
    const file = dockerConfigPath(ctx.io.env, ctx.io.homedir, input.string('to'));
    const res = mergeRegistryAuth(file, host, config.username, config.token);
    if (res.helper) {
      ctx.out.note(
        `berth: warning: ${file} sends ${host} to ${res.helper}; docker will not read the new entry`,
      );
    }
    ctx.out.result({ registry: host, file, username: config.username }, () =>
      ctx.out.line(`Wrote the login of ${config.username} for ${host} to ${file}`),
    );
  },
};

export const registryGroup: GroupSpec = {
  name: 'registry',
  summary: 'Set up container tools to use this registry',
  commands: [login],
  examples: ['berth registry login && docker pull registry.example.com/team-a/app:latest'],
};
