import type { FastifyRequest } from 'fastify';

/** Path of the token endpoint the challenges point at. */
export const TOKEN_PATH = '/auth/token';

/**
 * The external base URL of the registry: BERTH_PUBLIC_URL when set, else the request's protocol
 * and Host (X-Forwarded-Proto/-Host are honoured only when Fastify trusts the proxy).
 */
export function baseUrlOf(req: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  return `${req.protocol}://${req.host}`;
}

export function realmOf(req: FastifyRequest, publicUrl: string | undefined): string {
  return baseUrlOf(req, publicUrl) + TOKEN_PATH;
}
