import { PAGE_QUERY, route, type ApiClients, type ApiRoute, type PageQuery } from './api-route';

const PROJECT = { project: 'A project (namespace)' };

interface CreateProjectBody {
  name: string;
  public?: boolean;
}

/** Projects (namespaces): `/projects`, `/projects/{project}`. */
export function projectsRoutes({ projects }: ApiClients): ApiRoute[] {
  return [
    route<Record<string, never>, PageQuery>({
      method: 'GET',
      path: '/projects',
      operationId: 'listProjects',
      summary: 'List the projects the caller may see, in lexical order',
      tag: 'projects',
      rpc: 'ProjectsService.ListProjects',
      query: PAGE_QUERY,
      response: 'ListProjectsResponse',
      status: 200,
      handle: ({ query }, options) =>
        projects.listProjects({ limit: query.limit, last: query.last }, options),
    }),
    route<CreateProjectBody>({
      method: 'POST',
      path: '/projects',
      operationId: 'createProject',
      summary: 'Create a project; the caller becomes its admin',
      tag: 'projects',
      rpc: 'ProjectsService.CreateProject',
      body: 'CreateProjectBody',
      response: 'CreateProjectResponse',
      status: 201,
      handle: ({ body }, options) =>
        projects.createProject({ name: body.name, public: body.public ?? false }, options),
    }),
    route({
      method: 'GET',
      path: '/projects/{project}',
      operationId: 'getProject',
      summary: 'Describe a project',
      tag: 'projects',
      rpc: 'ProjectsService.GetProject',
      params: PROJECT,
      response: 'GetProjectResponse',
      status: 200,
      handle: ({ params }, options) => projects.getProject({ name: params.project }, options),
    }),
    route<{ public?: boolean }>({
      method: 'PATCH',
      path: '/projects/{project}',
      operationId: 'updateProject',
      summary: 'Change visibility (project admins)',
      tag: 'projects',
      rpc: 'ProjectsService.UpdateProject',
      params: PROJECT,
      body: 'UpdateProjectBody',
      response: 'UpdateProjectResponse',
      status: 200,
      handle: ({ params, body }, options) =>
        projects.updateProject({ name: params.project, public: body.public }, options),
    }),
    route<Record<string, never>, { force?: boolean }>({
      method: 'DELETE',
      path: '/projects/{project}',
      operationId: 'deleteProject',
      summary: 'Delete a project (project admins); refused with CONFLICT while it holds images unless force',
      tag: 'projects',
      rpc: 'ProjectsService.DeleteProject',
      params: PROJECT,
      query: {
        force: { schema: { type: 'boolean' }, description: 'Delete its images too' },
      },
      response: 'DeleteProjectResponse',
      status: 200,
      handle: ({ params, query }, options) =>
        projects.deleteProject({ name: params.project, force: query.force ?? false }, options),
    }),
  ];
}
