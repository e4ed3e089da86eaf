import { route, type ApiClients, type ApiRoute } from './api-route';

const PROJECT = { project: 'A project (namespace)' };
const ACCOUNT = { ...PROJECT, name: 'The service account name (without the project)' };

/** Service accounts and their pull secrets: `/projects/{project}/serviceaccounts…`. */
export function serviceAccountsRoutes({ projects }: ApiClients): ApiRoute[] {
  return [
    route({
      method: 'GET',
      path: '/projects/{project}/serviceaccounts',
      operationId: 'listServiceAccounts',
      summary: "List a project's service accounts",
      tag: 'serviceaccounts',
      rpc: 'ProjectsService.ListServiceAccounts',
      params: PROJECT,
      response: 'ListServiceAccountsResponse',
      status: 200,
      handle: ({ params }, options) => projects.listServiceAccounts({ project: params.project }, options),
    }),
    route<{ name: string }>({
      method: 'POST',
      path: '/projects/{project}/serviceaccounts',
      operationId: 'createServiceAccount',
      summary: 'Create a service account with a fresh pull secret (project admins)',
      tag: 'serviceaccounts',
      rpc: 'ProjectsService.CreateServiceAccount',
      params: PROJECT,
      body: 'CreateServiceAccountBody',
      response: 'CreateServiceAccountResponse',
      status: 201,
      handle: ({ params, body }, options) =>
        projects.createServiceAccount({ project: params.project, name: body.name }, options),
    }),
    route({
      method: 'DELETE',
      path: '/projects/{project}/serviceaccounts/{name}',
      operationId: 'deleteServiceAccount',
      summary: 'Delete a service account with its bindings and pull secret (project admins)',
      tag: 'serviceaccounts',
      rpc: 'ProjectsService.DeleteServiceAccount',
      params: ACCOUNT,
      status: 204,
      handle: ({ params }, options) =>
        projects.deleteServiceAccount({ project: params.project, name: params.name }, options),
    }),
    route({
      method: 'GET',
      path: '/projects/{project}/serviceaccounts/{name}/pull-secret',
      operationId: 'getPullSecret',
      summary: "Get a service account's current pull-secret credentials (project admins)",
      tag: 'serviceaccounts',
      rpc: 'ProjectsService.GetPullSecret',
      params: ACCOUNT,
      response: 'GetPullSecretResponse',
      status: 200,
      handle: ({ params }, options) =>
        projects.getPullSecret({ project: params.project, name: params.name }, options),
    }),
    route({
      method: 'POST',
      path: '/projects/{project}/serviceaccounts/{name}/pull-secret',
      operationId: 'rotatePullSecret',
      summary: 'Rotate the pull secret; the old one stops working for new logins at once',
      tag: 'serviceaccounts',
      rpc: 'ProjectsService.RotatePullSecret',
      params: ACCOUNT,
      response: 'RotatePullSecretResponse',
      status: 200,
      handle: ({ params }, options) =>
        projects.rotatePullSecret({ project: params.project, name: params.name }, options),
    }),
    route({
      method: 'DELETE',
      path: '/projects/{project}/serviceaccounts/{name}/pull-secret',
      operationId: 'revokePullSecret',
      summary: 'Revoke the pull secret without a replacement until the next rotation',
      tag: 'serviceaccounts',
      rpc: 'ProjectsService.RevokePullSecret',
      params: ACCOUNT,
      status: 204,
      handle: ({ params }, options) =>
        projects.revokePullSecret({ project: params.project, name: params.name }, options),
    }),
  ];
}
