import type { CallOptions } from '@berth/grpc';
import type { IdentityClient, ProjectsClient } from '@berth/auth-client';
import type { JsonSchema } from './json-schema';

export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Where every management route lives. */
export const API_PREFIX = '/api/v1';

/** A query parameter: its schema (string, integer or boolean) and what it means. */
export interface QueryParameter {
  schema: JsonSchema & { type: 'string' | 'integer' | 'boolean' };
  description: string;
}

/** One request, validated: path parameters (decoded), typed query parameters, the conformed body. */
export interface ApiInput<Body, Query> {
  params: Record<string, string>;
  query: Query;
  body: Body;
}

/**
 * One route of the management API: what the router registers and what the OpenAPI document and
 * docs/api/README.md describe, from the same object.
 */
export interface ApiRoute {
  method: ApiMethod;
  /** OpenAPI path template under API_PREFIX, e.g. `/users/{username}/tokens`. */
  path: string;
  /**
   * A path parameter that may contain `/` (a repository name): registered as a wildcard, the rest
   * of the template after it must follow literally.
   */
  greedyParam?: string;
  operationId: string;
  summary: string;
  tag: string;
  /** The gRPC method the route calls, e.g. `IdentityService.CreateUser` (documentation and tests). */
  rpc?: string;
  /** Description of each path parameter. */
  params?: Record<string, string>;
  query?: Record<string, QueryParameter>;
  /** Name of the request body's schema (an object; absent body = `{}`). */
  body?: string;
  /** Name of the response body's schema; absent = no body (204). */
  response?: string;
  status: 200 | 201 | 204;
  /** Calls the service; what it resolves to is the JSON response (ignored for 204). */
  handle(input: ApiInput<never, never>, options: CallOptions): Promise<unknown>;
}

/** The gRPC clients the route handlers call. */
export interface ApiClients {
  identity: IdentityClient;
  projects: ProjectsClient;
}

/**
 * Declares a route whose handler sees its body and query with their types. The types describe what
 * the body schema and query schemas let through; the router checks them before calling `handle`.
 */
export function route<Body = Record<string, never>, Query = Record<string, never>>(
  definition: Omit<ApiRoute, 'handle'> & {
    handle(input: ApiInput<Body, Query>, options: CallOptions): Promise<unknown>;
  },
): ApiRoute {
  return definition as ApiRoute;
}

/** `?limit=&last=` of the list routes. */
export const PAGE_QUERY: Record<string, QueryParameter> = {
  limit: {
    schema: { type: 'integer', minimum: 0, maximum: 2_147_483_647 },
    description: 'Entries wanted at most',
  },
  last: { schema: { type: 'string' }, description: 'The last entry of the previous page' },
};

export interface PageQuery {
  limit?: number;
  last?: string;
}
