import type { authProjectsV1 } from '@berth/proto';
import { route, type ApiClients, type ApiRoute } from './api-route';

const PROJECT = { project: 'The project the role applies in' };

interface AddRoleBindingBody {
  role: string;
  subject: authProjectsV1.Subject;
}

/** Fine-grained role bindings: `/projects/{project}/rolebindings`. */
export function roleBindingsRoutes({ projects }: ApiClients): ApiRoute[] {
  return [
    route<Record<string, never>, { role?: string }>({
      method: 'GET',
      path: '/projects/{project}/rolebindings',
      operationId: 'listRoleBindings',
      summary: "List a project's role bindings",
      tag: 'rolebindings',
      rpc: 'ProjectsService.ListRoleBindings',
      params: PROJECT,
      query: { role: { schema: { type: 'string' }, description: 'Only bindings of this role' } },
      response: 'ListRoleBindingsResponse',
      status: 200,
      handle: ({ params, query }, options) =>
        projects.listRoleBindings({ project: params.project, role: query.role }, options),
    }),
    route<AddRoleBindingBody>({
      method: 'POST',
      path: '/projects/{project}/rolebindings',
      operationId: 'addRoleBinding',
      summary:
        'Bind image-puller, image-pusher or image-builder to a user, group or service account of any project',
      tag: 'rolebindings',
      rpc: 'ProjectsService.AddRoleBinding',
      params: PROJECT,
      body: 'AddRoleBindingBody',
      response: 'AddRoleBindingResponse',
      status: 201,
      handle: ({ params, body }, options) =>
        projects.addRoleBinding(
          {
            project: params.project,
            role: body.role,
            subject: { kind: body.subject.kind, name: body.subject.name },
          },
          options,
        ),
    }),
    route({
      method: 'DELETE',
      path: '/projects/{project}/rolebindings/{role}/{kind}/{name}',
      operationId: 'removeRoleBinding',
      summary: 'Remove a role binding',
      tag: 'rolebindings',
      rpc: 'ProjectsService.RemoveRoleBinding',
      params: {
        ...PROJECT,
        role: 'image-puller, image-pusher or image-builder',
        kind: '"user", "group" or "serviceaccount"',
        name: 'Username, group name, or "<project>:<name>" of a service account',
      },
      status: 204,
      handle: ({ params }, options) =>
        projects.removeRoleBinding(
          { project: params.project, role: params.role, subject: { kind: params.kind, name: params.name } },
          options,
        ),
    }),
  ];
}
