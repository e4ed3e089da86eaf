import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BerthError, ErrorCode } from '@berth/errors';
import { API_PREFIX, type ApiInput, type ApiMethod, type ApiRoute } from './api-route';
import { fromFastifyError, JSON_TYPE, sendApiError } from './api-errors';
import { forwardedMetadata } from './forwarded-metadata';
import { conform, schemaRef } from './json-schema';
import { pathParameters } from './openapi';
import { API_SCHEMAS } from './schemas/api.schemas';

/** Largest JSON body accepted on /api/v1. */
export const API_BODY_LIMIT = 64 * 1024;

const JSON_CONTENT_TYPE = /^application\/([\w.+-]+\+)?json\b/i;

/** Routes that share one Fastify route: a wildcard one, told apart by what follows the wildcard. */
interface Registration {
  method: ApiMethod;
  url: string;
  routes: Array<{ route: ApiRoute; suffix: string }>;
}

/**
 * Registers the /api/v1 routes in an encapsulated Fastify context of their own (JSON bodies up to
 * API_BODY_LIMIT, their own 404/405 and error rendering), apart from /v2/ and its hot path.
 */
export function registerApiRoutes(fastify: FastifyInstance, routes: readonly ApiRoute[]): void {
  const registrations = new Map<string, Registration>();
  for (const r of routes) {
    const { url, suffix } = fastifyUrl(r);
    const key = `${r.method} ${url}`;
    const registration = registrations.get(key) ?? { method: r.method, url, routes: [] };
    registration.routes.push({ route: r, suffix });
    registrations.set(key, registration);
  }
  const matchers = routes.map((r) => ({ method: r.method, pattern: pathPattern(r) }));

  void fastify.register(
    async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser(
        JSON_CONTENT_TYPE,
        { parseAs: 'string', bodyLimit: API_BODY_LIMIT },
        (_req, body, done) => {
          const text = String(body);
          if (text.trim() === '') return done(null, undefined);
          try {
            done(null, JSON.parse(text));
          } catch {
            done(new BerthError(ErrorCode.INVALID_ARGUMENT, 'the request body is not valid JSON'), undefined);
          }
        },
      );
      scope.setErrorHandler((err, _req, reply) => sendApiError(reply, fromFastifyError(err, API_BODY_LIMIT)));
      scope.setNotFoundHandler((req, reply) => {
        const path = req.url.split('?')[0];
        const allowed = matchers.filter((m) => m.pattern.test(path)).map((m) => m.method);
        if (allowed.length === 0)
          return sendApiError(
            reply,
            new BerthError(ErrorCode.NOT_FOUND, `no such endpoint: ${req.method} ${path.slice(0, 300)}`),
          );
        reply.header('allow', [...new Set(allowed)].join(', '));
        return sendApiError(
          reply,
          new BerthError(ErrorCode.UNSUPPORTED, `${req.method} is not supported here`),
        );
      });
      for (const registration of registrations.values()) {
        scope.route({
          method: registration.method,
          url: registration.url,
          exposeHeadRoute: false,
          bodyLimit: API_BODY_LIMIT,
          handler: (req, reply) => serve(registration, req, reply),
        });
      }
    },
    { prefix: API_PREFIX },
  );
}

async function serve(
  registration: Registration,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  try {
    const { route, params } = resolve(registration, req);
    const input: ApiInput<unknown, unknown> = {
      params,
      query: queryOf(route, req.query as Record<string, string | string[] | undefined>),
      body: route.body === undefined ? {} : conform(schemaRef(route.body), req.body ?? {}, API_SCHEMAS, ''),
    };
    const result = await route.handle(input as ApiInput<never, never>, { metadata: forwardedMetadata(req) });
    reply.code(route.status).header('cache-control', 'no-store');
    if (route.status === 204) return reply.send();
    return reply.header('content-type', JSON_TYPE).send(JSON.stringify(result));
  } catch (err) {
    return sendApiError(reply, err);
  }
}

/** The route a request is for, and its path parameters (every one non-empty). */
function resolve(
  registration: Registration,
  req: FastifyRequest,
): { route: ApiRoute; params: Record<string, string> } {
  const raw = req.params as Record<string, string>;
  for (const { route, suffix } of registration.routes) {
    const params: Record<string, string> = {};
    for (const name of pathParameters(route.path)) params[name] = raw[name];
    if (route.greedyParam !== undefined) {
      const rest = raw['*'] ?? '';
      if (!rest.endsWith(suffix)) continue;
      params[route.greedyParam] = rest.slice(0, rest.length - suffix.length);
    }
    if (Object.values(params).some((v) => v === undefined || v === '')) break;
    return { route, params };
  }
  throw new BerthError(
    ErrorCode.NOT_FOUND,
    `no such endpoint: ${req.method} ${req.url.split('?')[0].slice(0, 300)}`,
  );
}

/** The route's query parameters, converted to their types and checked; others are ignored. */
function queryOf(
  route: ApiRoute,
  raw: Record<string, string | string[] | undefined>,
): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  for (const [name, parameter] of Object.entries(route.query ?? {})) {
    const value = raw[name];
    if (value === undefined || value === '') continue;
    if (Array.isArray(value))
      throw new BerthError(ErrorCode.INVALID_ARGUMENT, `query parameter ${name} must be given once`, {
        field: name,
      });
    query[name] = conform(parameter.schema, typed(parameter.schema.type, value), {}, name);
  }
  return query;
}

function typed(type: 'string' | 'integer' | 'boolean', value: string): unknown {
  if (type === 'integer') return /^-?\d{1,16}$/.test(value) ? Number(value) : value;
  if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

/** Fastify's URL of a route (`:name` parameters; a greedy one becomes the wildcard) and what follows the wildcard. */
function fastifyUrl(r: ApiRoute): { url: string; suffix: string } {
  if (r.greedyParam === undefined) return { url: r.path.replace(/\{(\w+)\}/g, ':$1'), suffix: '' };
  const marker = `{${r.greedyParam}}`;
  const at = r.path.indexOf(marker);
  if (at < 0) throw new Error(`route ${r.method} ${r.path}: no {${r.greedyParam}} in the path`);
  const head = r.path.slice(0, at).replace(/\{(\w+)\}/g, ':$1');
  return { url: `${head}*`, suffix: r.path.slice(at + marker.length) };
}

/** A regular expression matching the route's concrete paths (for 405 versus 404). */
function pathPattern(r: ApiRoute): RegExp {
  const source = `${API_PREFIX}${r.path}`
    .split(/(\{\w+\})/)
    .map((part) => {
      const m = /^\{(\w+)\}$/.exec(part);
      if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return m[1] === r.greedyParam ? '.+' : '[^/]+';
    })
    .join('');
  return new RegExp(`^${source}$`);
}
