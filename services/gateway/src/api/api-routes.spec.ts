import { loadSync } from '@grpc/proto-loader';
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loaderOptions, protoFilesOf } from '@berth/grpc';
import { renderRouteTable, ROUTES_BEGIN, ROUTES_END } from './api-docs';
import { API_PREFIX, type ApiClients } from './api-route';
import { apiRoutes } from './api-routes';
import { registerApiRoutes } from './api-routes.plugin';
import { SCHEMA_REF_PREFIX, type JsonSchema } from './json-schema';
import { buildOpenApiDocument, pathParameters } from './openapi';
import { API_SCHEMAS } from './schemas/api.schemas';

interface FieldDescriptor {
  name: string;
  label: string;
  type: string;
  typeName: string;
}
interface MessageDescriptor {
  name: string;
  field: FieldDescriptor[];
  nestedType: Array<MessageDescriptor & { options: { mapEntry?: boolean } | null }>;
  oneofDecl: Array<{ name: string }>;
}
interface MethodDefinition {
  requestType: { type: MessageDescriptor };
  responseType: { type: MessageDescriptor };
}

const routes = apiRoutes({} as ApiClients);
const document = buildOpenApiDocument(routes);
const definition = loadSync(protoFilesOf('berth.auth.v1'), loaderOptions()) as unknown as Record<
  string,
  Record<string, MethodDefinition> & { type?: MessageDescriptor }
>;
const messageOf = (name: string): MessageDescriptor | undefined => definition[`berth.auth.v1.${name}`]?.type;
const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** The JSON Schema type a proto field must have in the API's schemas. */
function expectedShape(message: MessageDescriptor, field: FieldDescriptor): string {
  const nested = message.nestedType.find((t) => t.name === field.typeName.split('.').pop());
  if (nested?.options?.mapEntry) return 'map';
  const scalar =
    field.type === 'TYPE_MESSAGE'
      ? `ref:${field.typeName.split('.').pop()}`
      : ({ TYPE_STRING: 'string', TYPE_BOOL: 'boolean', TYPE_INT32: 'integer' } as Record<string, string>)[
          field.type
        ];
  return field.label === 'LABEL_REPEATED' ? `array:${scalar}` : scalar;
}

function actualShape(schema: JsonSchema): string {
  if (schema.$ref) return `ref:${schema.$ref.slice(SCHEMA_REF_PREFIX.length)}`;
  if (schema.anyOf) return actualShape(schema.anyOf[0]);
  if (schema.type === 'array') return `array:${actualShape(schema.items ?? {})}`;
  if (schema.type === 'object' && typeof schema.additionalProperties === 'object') return 'map';
  return String(schema.type);
}

describe('the /api/v1 route table, its OpenAPI document and docs/api/README.md', () => {
  it('registers exactly the documented operations on Fastify, and documents every registered route', async () => {
    const fastify = Fastify();
    const registered: string[] = [];
    fastify.addHook('onRoute', (r) => {
      for (const method of [r.method].flat()) registered.push(`${method} ${r.url}`);
    });
    registerApiRoutes(fastify, routes);
    await fastify.ready();
    await fastify.close();

    const byOperation = new Map(routes.map((r) => [r.operationId, r]));
    const documented = new Set<string>();
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const route = byOperation.get(operation.operationId);
        expect(route).toBeDefined();
        let url = path.replace(/\{(\w+)\}/g, ':$1');
        if (route?.greedyParam) url = url.slice(0, url.indexOf(`:${route.greedyParam}`)) + '*';
        documented.add(`${method.toUpperCase()} ${url}`);
      }
    }
    expect(new Set(registered)).toEqual(documented);
    expect(Object.values(document.paths).flatMap((p) => Object.keys(p))).toHaveLength(routes.length);
    expect(document.paths[`${API_PREFIX}/openapi.json`]?.get?.operationId).toBe('getOpenApiDocument');
  });

  it('has the routes of the team brief, with unique operation ids and the brief statuses', () => {
    expect(new Set(routes.map((r) => r.operationId)).size).toBe(routes.length);
    const statuses = Object.fromEntries(routes.map((r) => [`${r.method} ${r.path}`, r.status]));
    expect(statuses).toMatchObject({
      'POST /users': 201,
      'DELETE /users/{username}/tokens/{name}': 204,
      'DELETE /groups/{name}/members/{username}': 200,
      'DELETE /projects/{project}': 200,
      'POST /projects/{project}/serviceaccounts/{name}/pull-secret': 200,
      'DELETE /projects/{project}/serviceaccounts/{name}/pull-secret': 204,
      'PUT /repositories/{repository}/scope': 200,
      'POST /signing-keys/rotate': 200,
    });
    expect(routes).toHaveLength(41);
  });

  it('describes every path parameter and resolves every schema reference', () => {
    for (const r of routes) {
      for (const name of pathParameters(r.path))
        expect([r.operationId, r.params?.[name]]).toEqual([r.operationId, expect.any(String)]);
      for (const name of [r.body, r.response])
        if (name) expect([r.operationId, API_SCHEMAS[name]]).toEqual([r.operationId, expect.anything()]);
    }
    const refs = JSON.stringify(document).match(/"#\/components\/schemas\/\w+"/g) ?? [];
    for (const ref of refs) expect([ref, API_SCHEMAS[ref.slice(22, -1)]]).toEqual([ref, expect.anything()]);
  });

  it('calls an RPC whose response message is the documented response and whose request holds every body field', () => {
    for (const r of routes.filter((x) => x.rpc !== undefined)) {
      const [service, method] = (r.rpc as string).split('.');
      const rpc = definition[`berth.auth.v1.${service}`]?.[method];
      expect([r.operationId, rpc]).toEqual([r.operationId, expect.anything()]);
      if (r.response !== undefined)
        expect([r.operationId, rpc.responseType.type.name]).toEqual([r.operationId, r.response]);
      if (r.body === undefined) continue;
      const request = rpc.requestType.type;
      for (const [name, schema] of Object.entries(API_SCHEMAS[r.body].properties ?? {})) {
        const field = request.field.find((f) => camel(f.name) === name);
        expect([r.body, name, field && expectedShape(request, field)]).toEqual([
          r.body,
          name,
          actualShape(schema),
        ]);
      }
    }
  });

  it('writes every message schema with the fields, types and optionality of the .proto', () => {
    const messages = Object.keys(API_SCHEMAS).filter((name) => messageOf(name) !== undefined);
    expect(messages.length).toBeGreaterThan(40);
    for (const name of messages) {
      const message = messageOf(name) as MessageDescriptor;
      const schema = API_SCHEMAS[name];
      const fields = Object.fromEntries(message.field.map((f) => [camel(f.name), expectedShape(message, f)]));
      const properties = Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([p, s]) => [p, actualShape(s)]),
      );
      expect([name, properties]).toEqual([name, fields]);
      const optional = message.oneofDecl.map((o) => camel(o.name.replace(/^_/, '')));
      const required = Object.keys(fields).filter((f) => !optional.includes(f));
      expect([name, [...(schema.required ?? [])].sort()]).toEqual([name, required.sort()]);
    }
  });

  it('lists the routes in docs/api/README.md as the table renders them', () => {
    const readme = readFileSync(join(__dirname, '../../../../docs/api/README.md'), 'utf8');
    const begin = readme.indexOf(ROUTES_BEGIN);
    const end = readme.indexOf(ROUTES_END);
    expect(begin).toBeGreaterThanOrEqual(0);
    const documented = readme.slice(begin + ROUTES_BEGIN.length, end).trim();
    const table = renderRouteTable(routes);
    if (documented !== table) {
      throw new Error(
        `docs/api/README.md is out of date; put this between the routes markers:\n\n${table}\n`,
      );
    }
  });
});
