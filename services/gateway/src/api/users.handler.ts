import { PAGE_QUERY, route, type ApiClients, type ApiRoute, type PageQuery } from './api-route';

const USERNAME = { username: 'A username' };

interface CreateUserBody {
  username: string;
  password?: string;
  registryAdmin?: boolean;
}

interface UpdateUserBody {
  disabled?: boolean;
  registryAdmin?: boolean;
}

interface ChangePasswordBody {
  currentPassword?: string;
  newPassword?: string;
}

/** Users: `/users`, `/users/{username}`, `/users/{username}/password`. */
export function usersRoutes({ identity }: ApiClients): ApiRoute[] {
  return [
    route<Record<string, never>, PageQuery>({
      method: 'GET',
      path: '/users',
      operationId: 'listUsers',
      summary: 'List users in lexical order (administrators)',
      tag: 'users',
      rpc: 'IdentityService.ListUsers',
      query: PAGE_QUERY,
      response: 'ListUsersResponse',
      status: 200,
      handle: ({ query }, options) => identity.listUsers({ limit: query.limit, last: query.last }, options),
    }),
    route<CreateUserBody>({
      method: 'POST',
      path: '/users',
      operationId: 'createUser',
      summary: 'Create a user (administrators); a password is generated when none is given',
      tag: 'users',
      rpc: 'IdentityService.CreateUser',
      body: 'CreateUserBody',
      response: 'CreateUserResponse',
      status: 201,
      handle: ({ body }, options) =>
        identity.createUser(
          { username: body.username, password: body.password, registryAdmin: body.registryAdmin ?? false },
          options,
        ),
    }),
    route({
      method: 'GET',
      path: '/users/{username}',
      operationId: 'getUser',
      summary: 'Describe a user (administrators, or the user itself)',
      tag: 'users',
      rpc: 'IdentityService.GetUser',
      params: USERNAME,
      response: 'GetUserResponse',
      status: 200,
      handle: ({ params }, options) => identity.getUser({ username: params.username }, options),
    }),
    route<UpdateUserBody>({
      method: 'PATCH',
      path: '/users/{username}',
      operationId: 'updateUser',
      summary: 'Disable or enable a user, grant or revoke registry administration (administrators)',
      tag: 'users',
      rpc: 'IdentityService.UpdateUser',
      params: USERNAME,
      body: 'UpdateUserBody',
      response: 'UpdateUserResponse',
      status: 200,
      handle: ({ params, body }, options) =>
        identity.updateUser(
          { username: params.username, disabled: body.disabled, registryAdmin: body.registryAdmin },
          options,
        ),
    }),
    route<ChangePasswordBody>({
      method: 'POST',
      path: '/users/{username}/password',
      operationId: 'changePassword',
      summary: "Change one's own password, or reset a user's (administrators)",
      tag: 'users',
      rpc: 'IdentityService.ChangePassword',
      params: USERNAME,
      body: 'ChangePasswordBody',
      response: 'ChangePasswordResponse',
      status: 200,
      handle: ({ params, body }, options) =>
        identity.changePassword(
          {
            username: params.username,
            currentPassword: body.currentPassword,
            newPassword: body.newPassword,
          },
          options,
        ),
    }),
  ];
}
