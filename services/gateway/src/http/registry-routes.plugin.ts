import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const METHODS = ['GET', 'HEAD', 'PUT', 'POST', 'PATCH', 'DELETE'];

/**
 * Registers `/v2`, `/v2/` and `/v2/*` (every method) in an encapsulated Fastify context whose
 * only content-type parser consumes nothing: blob bodies stay in `request.raw` for the handler to
 * stream, and manifest bodies are read by the handler with their own limit. Nest's JSON and form
 * parsers keep applying to the other routes.
 */
export function registerRegistryRoutes(
  fastify: FastifyInstance,
  dispatch: (req: FastifyRequest, reply: FastifyReply) => Promise<void>,
): void {
  // Returning the reply tells Fastify the handler sent it (a streamed body is still being
  // written when the promise resolves; resolving with undefined would make Fastify send again).
  const handler = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    await dispatch(req, reply);
    return reply;
  };
  void fastify.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null));
    for (const url of ['/v2', '/v2/', '/v2/*']) {
      scope.route({ method: METHODS, url, exposeHeadRoute: false, handler });
    }
  });
}
