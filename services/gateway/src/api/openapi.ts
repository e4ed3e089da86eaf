import { API_PREFIX, route, type ApiRoute } from './api-route';
import { schemaRef, type JsonSchema } from './json-schema';
import { API_SCHEMAS } from './schemas/api.schemas';

/** The OpenAPI 3.1 document, as served at /api/v1/openapi.json. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  tags: Array<{ name: string }>;
  security: Array<Record<string, string[]>>;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    securitySchemes: Record<string, unknown>;
    schemas: Record<string, JsonSchema>;
    responses: Record<string, unknown>;
  };
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  tags: string[];
  'x-berth-grpc-method'?: string;
  parameters: Array<Record<string, unknown>>;
  requestBody?: Record<string, unknown>;
  responses: Record<string, unknown>;
}

const JSON_MEDIA = 'application/json';
const DESCRIPTION = [
  'Management API of Berth: users, API tokens, groups, projects, members, role bindings, service',
  'accounts and their pull secrets, image scope, registry credentials and the audit log.',
  'Authenticate with `Authorization: Basic` (username and password, personal API token, or a',
  "service account's pull-secret token) or `Bearer` (a token from /auth/token); without it the",
  'request is anonymous. Errors are `{"errors":[{"code","message","detail"}]}`.',
].join(' ');

const STATUS_TEXT: Record<ApiRoute['status'], string> = { 200: 'OK', 201: 'Created', 204: 'No Content' };

/** `{name}` parameters of a path template, in order. */
export function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
}

/** The document describing `routes`: one operation per route, the schemas they name. */
export function buildOpenApiDocument(routes: readonly ApiRoute[]): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const r of routes) {
    const path = `${API_PREFIX}${r.path}`;
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = operationOf(r);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Berth management API', version: 'v1', description: DESCRIPTION },
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    // Every operation accepts either scheme, or none (anonymous; auth decides what that may do).
    security: [{ basic: [] }, { bearer: [] }, {}],
    paths,
    components: {
      securitySchemes: {
        basic: {
          type: 'http',
          scheme: 'basic',
          description: 'Username and password, personal API token, or service account pull-secret token',
        },
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A token from /auth/token',
        },
      },
      schemas: { ...API_SCHEMAS },
      responses: {
        Error: {
          description: 'An error (status by code: see ErrorBody)',
          content: { [JSON_MEDIA]: { schema: schemaRef('ErrorBody') } },
        },
        Unauthorized: {
          description: 'Credentials missing or wrong (UNAUTHORIZED)',
          headers: { 'WWW-Authenticate': { schema: { type: 'string', const: 'Basic realm="berth"' } } },
          content: { [JSON_MEDIA]: { schema: schemaRef('ErrorBody') } },
        },
      },
    },
  };
}

function operationOf(r: ApiRoute): OpenApiOperation {
  const parameters: Array<Record<string, unknown>> = pathParameters(r.path).map((name) => ({
    name,
    in: 'path',
    required: true,
    description: r.params?.[name],
    schema: { type: 'string' },
  }));
  for (const [name, q] of Object.entries(r.query ?? {})) {
    parameters.push({ name, in: 'query', required: false, description: q.description, schema: q.schema });
  }
  const success =
    r.response === undefined
      ? { description: STATUS_TEXT[r.status] }
      : {
          description: STATUS_TEXT[r.status],
          content: { [JSON_MEDIA]: { schema: schemaRef(r.response) } },
        };
  const operation: OpenApiOperation = {
    operationId: r.operationId,
    summary: r.summary,
    tags: [r.tag],
    parameters,
    responses: {
      [String(r.status)]: success,
      '401': { $ref: '#/components/responses/Unauthorized' },
      default: { $ref: '#/components/responses/Error' },
    },
  };
  if (r.rpc !== undefined) operation['x-berth-grpc-method'] = `berth.auth.v1.${r.rpc.replace('.', '/')}`;
  if (r.body !== undefined) {
    operation.requestBody = {
      required: (API_SCHEMAS[r.body]?.required ?? []).length > 0,
      content: { [JSON_MEDIA]: { schema: schemaRef(r.body) } },
    };
  }
  return operation;
}

/** `GET /openapi.json`: the document of `routes` (built once, on first request). */
export function openApiRoute(routes: () => readonly ApiRoute[]): ApiRoute {
  let document: OpenApiDocument | undefined;
  return route({
    method: 'GET',
    path: '/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This OpenAPI 3.1 document',
    tag: 'meta',
    response: 'OpenApiDocument',
    status: 200,
    handle: async () => (document ??= buildOpenApiDocument(routes())),
  });
}
