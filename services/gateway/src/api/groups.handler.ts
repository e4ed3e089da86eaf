import { route, type ApiClients, type ApiRoute } from './api-route';

const GROUP = { name: 'A user group' };
const MEMBER = { ...GROUP, username: 'A username' };

/** User groups (administrators): `/groups`, `/groups/{name}`, `/groups/{name}/members/{username}`. */
export function groupsRoutes({ identity }: ApiClients): ApiRoute[] {
  return [
    route({
      method: 'GET',
      path: '/groups',
      operationId: 'listGroups',
      summary: 'List user groups',
      tag: 'groups',
      rpc: 'IdentityService.ListGroups',
      response: 'ListGroupsResponse',
      status: 200,
      handle: (_input, options) => identity.listGroups({}, options),
    }),
    route<{ name: string }>({
      method: 'POST',
      path: '/groups',
      operationId: 'createGroup',
      summary: 'Create a user group',
      tag: 'groups',
      rpc: 'IdentityService.CreateGroup',
      body: 'CreateGroupBody',
      response: 'CreateGroupResponse',
      status: 201,
      handle: ({ body }, options) => identity.createGroup({ name: body.name }, options),
    }),
    route({
      method: 'GET',
      path: '/groups/{name}',
      operationId: 'getGroup',
      summary: 'Describe a group and its members',
      tag: 'groups',
      rpc: 'IdentityService.GetGroup',
      params: GROUP,
      response: 'GetGroupResponse',
      status: 200,
      handle: ({ params }, options) => identity.getGroup({ name: params.name }, options),
    }),
    route({
      method: 'DELETE',
      path: '/groups/{name}',
      operationId: 'deleteGroup',
      summary: 'Delete a group with every membership and binding naming it',
      tag: 'groups',
      rpc: 'IdentityService.DeleteGroup',
      params: GROUP,
      status: 204,
      handle: ({ params }, options) => identity.deleteGroup({ name: params.name }, options),
    }),
    route({
      method: 'PUT',
      path: '/groups/{name}/members/{username}',
      operationId: 'addGroupMember',
      summary: 'Add a user to a group',
      tag: 'groups',
      rpc: 'IdentityService.AddGroupMember',
      params: MEMBER,
      response: 'AddGroupMemberResponse',
      status: 200,
      handle: ({ params }, options) =>
        identity.addGroupMember({ group: params.name, username: params.username }, options),
    }),
    route({
      method: 'DELETE',
      path: '/groups/{name}/members/{username}',
      operationId: 'removeGroupMember',
      summary: 'Remove a user from a group',
      tag: 'groups',
      rpc: 'IdentityService.RemoveGroupMember',
      params: MEMBER,
      response: 'RemoveGroupMemberResponse',
      status: 200,
      handle: ({ params }, options) =>
        identity.removeGroupMember({ group: params.name, username: params.username }, options),
    }),
  ];
}
