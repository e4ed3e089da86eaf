import { route, type ApiClients, type ApiRoute } from './api-route';

const USERNAME = { username: "The tokens' owner" };

interface CreateApiTokenBody {
  name: string;
  expiresInDays?: number;
}

/** Personal API tokens: `/users/{username}/tokens`. */
export function tokensRoutes({ identity }: ApiClients): ApiRoute[] {
  return [
    route({
      method: 'GET',
      path: '/users/{username}/tokens',
      operationId: 'listApiTokens',
      summary: "List a user's API tokens (never their secrets)",
      tag: 'tokens',
      rpc: 'IdentityService.ListApiTokens',
      params: USERNAME,
      response: 'ListApiTokensResponse',
      status: 200,
      handle: ({ params }, options) => identity.listApiTokens({ username: params.username }, options),
    }),
    route<CreateApiTokenBody>({
      method: 'POST',
      path: '/users/{username}/tokens',
      operationId: 'createApiToken',
      summary: 'Create a named, expiring API token; its secret is returned once',
      tag: 'tokens',
      rpc: 'IdentityService.CreateApiToken',
      params: USERNAME,
      body: 'CreateApiTokenBody',
      response: 'CreateApiTokenResponse',
      status: 201,
      handle: ({ params, body }, options) =>
        identity.createApiToken(
          { username: params.username, name: body.name, expiresInDays: body.expiresInDays },
          options,
        ),
    }),
    route({
      method: 'DELETE',
      path: '/users/{username}/tokens/{name}',
      operationId: 'revokeApiToken',
      summary: 'Revoke an API token',
      tag: 'tokens',
      rpc: 'IdentityService.RevokeApiToken',
      params: { ...USERNAME, name: 'The token name' },
      status: 204,
      handle: ({ params }, options) =>
        identity.revokeApiToken({ username: params.username, name: params.name }, options),
    }),
  ];
}
