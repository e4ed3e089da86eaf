import { route, type ApiClients, type ApiRoute } from './api-route';

/** Token signing keys: `/signing-keys/rotate`. */
export function signingKeysRoutes({ identity }: ApiClients): ApiRoute[] {
  return [
    route({
      method: 'POST',
      path: '/signing-keys/rotate',
      operationId: 'rotateSigningKey',
      summary:
        'Sign access tokens with a new key from now on; tokens signed before stay valid until they expire (registry administrators, with a password or API token)',
      tag: 'signing-keys',
      rpc: 'IdentityService.RotateSigningKey',
      response: 'RotateSigningKeyResponse',
      status: 200,
      handle: (_input, options) => identity.rotateSigningKey({}, options),
    }),
  ];
}
