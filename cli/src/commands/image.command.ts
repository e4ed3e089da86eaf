import type { ImageScope } from '../core/api-types';
import type { CommandSpec, GroupSpec } from '../core/command';

const scope: CommandSpec = {
  name: 'scope',
  summary: "Show or set a repository's image scope: namespace (default) or global",
  description: 'A global image may be pulled by every authenticated user and service account of any project.',
  args: ['REPOSITORY', '[SCOPE]'],
  usage: 'NAMESPACE/NAME [global|namespace]',
  examples: ['berth image scope base-images/debian global', 'berth image scope base-images/debian'],
  async run(ctx, input) {
    const [repository, value] = input.args;
    const segments = repository.split('/');
    if (segments.length < 2 || segments.some((s) => s === '')) {
      throw input.usage(`the repository is NAMESPACE/NAME, not ${JSON.stringify(repository)}`);
    }
    const path = `/api/v1/repositories/${segments.map(encodeURIComponent).join('/')}/scope`;
    const api = ctx.api();
    const res =
      value === undefined
        ? await api.get<ImageScope>(path)
        : await api.put<ImageScope>(path, {
            scope: input.oneOf(value, ['global', 'namespace'] as const, 'SCOPE'),
          });
    ctx.out.result(res, () =>
      ctx.out.fields([
        ['repository', res.repository ?? repository],
        ['scope', res.scope],
      ]),
    );
  },
};

export const imageGroup: GroupSpec = {
  name: 'image',
  aliases: ['images'],
  summary: 'Image settings',
  commands: [scope],
  examples: ['berth image scope base-images/debian global'],
};
