import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BerthError, ErrorCode } from '@berth/errors';
import { isRepositoryName, validateRepositoryName } from '@berth/oci';
import { accessFor } from '../auth/access-policy';
import { AccessService } from '../auth/access.service';
import { AuthFailure } from '../auth/auth-failure';
import { toHttpError } from '../http/oci-errors';
import {
  API_VERSION,
  API_VERSION_HEADER,
  type RegistryContext,
  type RegistryHandler,
} from '../http/registry-context';
import { registerRegistryRoutes } from '../http/registry-routes.plugin';
import { matchRoute, ROUTE_METHODS, splitUrl, type RouteName } from '../http/router';
import { BlobUploadsHandler } from './blob-uploads.handler';
import { BlobsHandler } from './blobs.handler';
import { CatalogHandler } from './catalog.handler';
import { ManifestsHandler } from './manifests.handler';
import { ReferrersHandler } from './referrers.handler';
import { TagsHandler } from './tags.handler';

type HandlerTable = Record<RouteName, Partial<Record<string, RegistryHandler>>>;

const EMPTY_QUERY = new URLSearchParams();
const JSON_TYPE = 'application/json; charset=utf-8';
const BASE_BODY = '{}';

/**
 * The /v2/ front door: route (method + path → handler), validate the repository name, authorize
 * (Docker token flow), run the handler, and turn every failure into the OCI error body. Every
 * response carries `Docker-Distribution-API-Version: registry/2.0`.
 */
@Injectable()
export class RegistryDispatcher implements OnModuleInit {
  private readonly table: HandlerTable;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly access: AccessService,
    blobs: BlobsHandler,
    uploads: BlobUploadsHandler,
    manifests: ManifestsHandler,
    tags: TagsHandler,
    catalog: CatalogHandler,
    referrers: ReferrersHandler,
  ) {
    const base: RegistryHandler = async ({ reply }) => {
      reply.code(200).header('content-type', JSON_TYPE).send(BASE_BODY);
    };
    this.table = {
      base: { GET: base, HEAD: base },
      catalog: { GET: (ctx) => catalog.list(ctx), HEAD: (ctx) => catalog.list(ctx) },
      tags: { GET: (ctx) => tags.list(ctx), HEAD: (ctx) => tags.list(ctx) },
      manifest: {
        GET: (ctx) => manifests.get(ctx),
        HEAD: (ctx) => manifests.get(ctx),
        PUT: (ctx) => manifests.put(ctx),
        DELETE: (ctx) => manifests.delete(ctx),
      },
      blob: {
        GET: (ctx) => blobs.get(ctx),
        HEAD: (ctx) => blobs.get(ctx),
        DELETE: (ctx) => blobs.delete(ctx),
      },
      'upload-start': { POST: (ctx) => uploads.start(ctx) },
      upload: {
        GET: (ctx) => uploads.status(ctx),
        PATCH: (ctx) => uploads.patch(ctx),
        PUT: (ctx) => uploads.put(ctx),
        DELETE: (ctx) => uploads.cancel(ctx),
      },
      referrers: { GET: (ctx) => referrers.list(ctx), HEAD: (ctx) => referrers.list(ctx) },
    };
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    registerRegistryRoutes(fastify, (req, reply) => this.dispatch(req, reply));
  }

  async dispatch(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    reply.header(API_VERSION_HEADER, API_VERSION);
    try {
      const { path, query } = splitUrl(req.url);
      const match = matchRoute(path);
      if (!match)
        throw new BerthError(ErrorCode.NOT_FOUND, `no such endpoint: ${req.method} ${path.slice(0, 300)}`);
      const handler = this.table[match.route][req.method];
      if (!handler) {
        reply.header('allow', ROUTE_METHODS[match.route].join(', '));
        throw new BerthError(ErrorCode.UNSUPPORTED, `${req.method} is not supported here`);
      }
      const { name } = match.params;
      if (name !== undefined) validateRepositoryName(name);
      const q = query === '' ? EMPTY_QUERY : new URLSearchParams(query);
      const principal = await this.access.authorize(
        req,
        accessFor(match.route, req.method, match.params, mountSource(match.route, q)),
      );
      const ctx: RegistryContext = {
        req,
        reply,
        method: req.method,
        params: match.params,
        query: q,
        principal,
      };
      await handler(ctx as Parameters<RegistryHandler>[0]);
    } catch (err) {
      this.fail(reply, err);
    }
  }

  private fail(reply: FastifyReply, err: unknown): void {
    if (reply.sent || reply.raw.headersSent) {
      // The body was already streaming: all that is left is to cut the connection.
      toHttpError(err);
      reply.raw.destroy();
      return;
    }
    reply.removeHeader('content-length');
    if (err instanceof AuthFailure) {
      if (err.challenge) reply.header('www-authenticate', err.challenge);
      reply.code(err.status).header('content-type', JSON_TYPE).send(JSON.stringify(err.body()));
      return;
    }
    const http = toHttpError(err);
    if (http.headers) reply.headers(http.headers);
    reply.code(http.status).header('content-type', JSON_TYPE).send(JSON.stringify(http.body));
  }
}

/** The `from` of a cross-repository mount (POST uploads/?mount=&from=), when it is a valid name. */
function mountSource(route: RouteName, query: URLSearchParams): string | undefined {
  if (route !== 'upload-start' || !query.has('mount')) return undefined;
  const from = query.get('from');
  return from !== null && isRepositoryName(from) ? from : undefined;
}
