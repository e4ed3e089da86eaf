import type { FastifyRequest } from 'fastify';
import { BerthError, ErrorCode } from '@berth/errors';

/** gRPC metadata keys of the caller authentication contract (proto/berth/auth/v1/identity.proto). */
export const AUTHORIZATION_METADATA = 'authorization';
export const CLIENT_IP_METADATA = 'berth-client-ip';

/** What a gRPC metadata string value may hold (printable ASCII). */
const METADATA_VALUE = /^[\x20-\x7e]*$/;

/**
 * The gRPC metadata that tells auth who calls: the client's Authorization header unchanged (absent
 * = anonymous) and the client's address. A header gRPC could not carry is malformed credentials.
 */
export function forwardedMetadata(req: FastifyRequest): Record<string, string> {
  const metadata: Record<string, string> = { [CLIENT_IP_METADATA]: req.ip ?? '' };
  const authorization = req.headers.authorization;
  if (authorization !== undefined && authorization !== '') {
    if (!METADATA_VALUE.test(authorization))
      throw new BerthError(ErrorCode.UNAUTHORIZED, 'the Authorization header is malformed');
    metadata[AUTHORIZATION_METADATA] = authorization;
  }
  return metadata;
}
