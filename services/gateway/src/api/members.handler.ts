import type { authProjectsV1 } from '@berth/proto';
import { route, type ApiClients, type ApiRoute } from './api-route';

const PROJECT = { project: 'A project (namespace)' };
const SUBJECT = {
  ...PROJECT,
  kind: '"user" or "group"',
  name: 'The username or group name',
};

interface AddMemberBody {
  subject: authProjectsV1.Subject;
  role: string;
}

/** Project members: `/projects/{project}/members`, `/projects/{project}/members/{kind}/{name}`. */
export function membersRoutes({ projects }: ApiClients): ApiRoute[] {
  return [
    route({
      method: 'GET',
      path: '/projects/{project}/members',
      operationId: 'listMembers',
      summary: "List a project's members",
      tag: 'members',
      rpc: 'ProjectsService.ListMembers',
      params: PROJECT,
      response: 'ListMembersResponse',
      status: 200,
      handle: ({ params }, options) => projects.listMembers({ project: params.project }, options),
    }),
    route<AddMemberBody>({
      method: 'POST',
      path: '/projects/{project}/members',
      operationId: 'addMember',
      summary: 'Give a user or group a role in a project (project admins)',
      tag: 'members',
      rpc: 'ProjectsService.AddMember',
      params: PROJECT,
      body: 'AddMemberBody',
      response: 'AddMemberResponse',
      status: 201,
      handle: ({ params, body }, options) =>
        projects.addMember(
          {
            project: params.project,
            subject: { kind: body.subject.kind, name: body.subject.name },
            role: body.role,
          },
          options,
        ),
    }),
    route<{ role: string }>({
      method: 'PATCH',
      path: '/projects/{project}/members/{kind}/{name}',
      operationId: 'updateMember',
      summary: "Change a member's role (project admins)",
      tag: 'members',
      rpc: 'ProjectsService.UpdateMember',
      params: SUBJECT,
      body: 'UpdateMemberBody',
      response: 'UpdateMemberResponse',
      status: 200,
      handle: ({ params, body }, options) =>
        projects.updateMember(
          { project: params.project, subject: { kind: params.kind, name: params.name }, role: body.role },
          options,
        ),
    }),
    route({
      method: 'DELETE',
      path: '/projects/{project}/members/{kind}/{name}',
      operationId: 'removeMember',
      summary: 'Remove a member (project admins); the last admin cannot be removed',
      tag: 'members',
      rpc: 'ProjectsService.RemoveMember',
      params: SUBJECT,
      status: 204,
      handle: ({ params }, options) =>
        projects.removeMember(
          { project: params.project, subject: { kind: params.kind, name: params.name } },
          options,
        ),
    }),
  ];
}
