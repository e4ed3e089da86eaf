import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal';
import type { RouteParams } from './router';

/** Everything a registry handler gets for one /v2/ request, after routing and authorization. */
export interface RegistryContext {
  req: FastifyRequest;
  reply: FastifyReply;
  method: string;
  params: RouteParams;
  /** Read-only. */
  query: URLSearchParams;
  principal: Principal;
}

/** A repository route's context: the name is always there. */
export type RepositoryContext = RegistryContext & { params: RouteParams & { name: string } };

export type RegistryHandler = (ctx: RepositoryContext) => Promise<void>;

/** Header every /v2/ response carries. */
export const API_VERSION_HEADER = 'docker-distribution-api-version';
export const API_VERSION = 'registry/2.0';

export function manifestLocation(name: string, reference: string): string {
  return `/v2/${name}/manifests/${reference}`;
}

export function blobLocation(name: string, digest: string): string {
  return `/v2/${name}/blobs/${digest}`;
}

export function uploadLocation(name: string, uploadId: string): string {
  return `/v2/${name}/blobs/uploads/${uploadId}`;
}
