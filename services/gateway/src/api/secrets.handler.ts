import { route, type ApiClients, type ApiRoute } from './api-route';

const PROJECT = { project: 'A project (namespace)' };

interface CreateRegistryCredentialBody {
  name: string;
  server: string;
  username: string;
  password: string;
  email?: string;
}

/** Registry credentials for other registries: `/projects/{project}/secrets`. */
export function secretsRoutes({ projects }: ApiClients): ApiRoute[] {
  return [
    route({
      method: 'GET',
      path: '/projects/{project}/secrets',
      operationId: 'listRegistryCredentials',
      summary: "List a project's registry credentials (without their passwords)",
      tag: 'secrets',
      rpc: 'ProjectsService.ListRegistryCredentials',
      params: PROJECT,
      response: 'ListRegistryCredentialsResponse',
      status: 200,
      handle: ({ params }, options) => projects.listRegistryCredentials({ project: params.project }, options),
    }),
    route<CreateRegistryCredentialBody>({
      method: 'POST',
      path: '/projects/{project}/secrets',
      operationId: 'createRegistryCredential',
      summary: 'Store credentials for another registry, encrypted at rest (project admins)',
      tag: 'secrets',
      rpc: 'ProjectsService.CreateRegistryCredential',
      params: PROJECT,
      body: 'CreateRegistryCredentialBody',
      response: 'CreateRegistryCredentialResponse',
      status: 201,
      handle: ({ params, body }, options) =>
        projects.createRegistryCredential(
          {
            project: params.project,
            name: body.name,
            server: body.server,
            username: body.username,
            password: body.password,
            email: body.email ?? '',
          },
          options,
        ),
    }),
    route({
      method: 'DELETE',
      path: '/projects/{project}/secrets/{name}',
      operationId: 'deleteRegistryCredential',
      summary: 'Delete registry credentials',
      tag: 'secrets',
      rpc: 'ProjectsService.DeleteRegistryCredential',
      params: { ...PROJECT, name: 'The credential name' },
      status: 204,
      handle: ({ params }, options) =>
        projects.deleteRegistryCredential({ project: params.project, name: params.name }, options),
    }),
  ];
}
