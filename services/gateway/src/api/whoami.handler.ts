import { route, type ApiClients, type ApiRoute } from './api-route';

/** `GET /whoami`: who the credentials belong to. */
export function whoamiRoutes({ identity }: ApiClients): ApiRoute[] {
  return [
    route({
      method: 'GET',
      path: '/whoami',
      operationId: 'whoAmI',
      summary: 'Describe the authenticated caller',
      tag: 'users',
      rpc: 'IdentityService.WhoAmI',
      response: 'WhoAmIResponse',
      status: 200,
      handle: (_input, options) => identity.whoAmI({}, options),
    }),
  ];
}
