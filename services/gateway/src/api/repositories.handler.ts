import { route, type ApiClients, type ApiRoute } from './api-route';

const REPOSITORY = {
  repository: 'A repository, e.g. "ns/app"; its slashes may be sent as they are or as %2F',
};

/** Image scope of a repository: `/repositories/{repository}/scope`. */
export function repositoriesRoutes({ projects }: ApiClients): ApiRoute[] {
  return [
    route({
      method: 'GET',
      path: '/repositories/{repository}/scope',
      greedyParam: 'repository',
      operationId: 'getImageScope',
      summary: "Get a repository's image scope",
      tag: 'repositories',
      rpc: 'ProjectsService.GetImageScope',
      params: REPOSITORY,
      response: 'GetImageScopeResponse',
      status: 200,
      handle: ({ params }, options) => projects.getImageScope({ repository: params.repository }, options),
    }),
    route<{ scope: string }>({
      method: 'PUT',
      path: '/repositories/{repository}/scope',
      greedyParam: 'repository',
      operationId: 'setImageScope',
      summary: 'Make a repository "namespace" (default) or "global" (project admins and maintainers)',
      tag: 'repositories',
      rpc: 'ProjectsService.SetImageScope',
      params: REPOSITORY,
      body: 'SetImageScopeBody',
      response: 'SetImageScopeResponse',
      status: 200,
      handle: ({ params, body }, options) =>
        projects.setImageScope({ repository: params.repository, scope: body.scope }, options),
    }),
  ];
}
