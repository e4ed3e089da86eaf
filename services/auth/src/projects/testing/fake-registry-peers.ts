import {
  loadPackageDefinition,
  Server,
  ServerCredentials,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServiceDefinition,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { BerthError, ErrorCode, toGrpcError } from '@berth/errors';
import { loaderOptions, protoFilesOf, type GrpcPackageName } from '@berth/grpc';
import type { distributionV1, metadataV1 } from '@berth/proto';

type Handler = (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => void;

/**
 * In-memory stand-ins for the metadata and distribution services, served over real gRPC so the
 * auth service's clients are exercised as in production: the repositories that exist, and the
 * deletions asked for.
 */
export class FakeRegistryPeers {
  readonly repositories = new Set<string>();
  readonly metadataDeletes: string[] = [];
  readonly distributionDeletes: string[] = [];
  /** How long each ListRepositories call takes, and the most such calls seen at the same time. */
  listDelayMs = 0;
  maxListsInFlight = 0;
  private listsInFlight = 0;
  /** Awaited after each distribution DeleteRepository, e.g. to land a push meanwhile. */
  afterDistributionDelete: ((repository: string) => void | Promise<void>) | undefined;
  private server: Server | undefined;

  async start(): Promise<string> {
    const server = new Server();
    server.addService(serviceOf('berth.metadata.v1', 'MetadataService'), {
      GetRepository: this.unary((r: metadataV1.GetRepositoryRequest): metadataV1.GetRepositoryResponse => {
        if (!this.repositories.has(r.repository))
          throw new BerthError(ErrorCode.NAME_UNKNOWN, 'repository name not known to registry');
        return { repository: r.repository, createdAt: new Date(0).toISOString(), tagCount: 1, imageCount: 1 };
      }),
      ListRepositories: this.unary(
        async (r: metadataV1.ListRepositoriesRequest): Promise<metadataV1.ListRepositoriesResponse> => {
          this.listsInFlight++;
          this.maxListsInFlight = Math.max(this.maxListsInFlight, this.listsInFlight);
          try {
            if (this.listDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.listDelayMs));
          } finally {
            this.listsInFlight--;
          }
          const all = [...this.repositories]
            .filter(
              (name) =>
                r.namespace === undefined || r.namespace === null || name.startsWith(`${r.namespace}/`),
            )
            .sort()
            .filter((name) => !r.last || name > r.last);
          const limit = r.limit ?? all.length;
          return { repositories: all.slice(0, limit), more: all.length > limit };
        },
      ),
      DeleteRepository: this.unary(
        (r: metadataV1.DeleteRepositoryRequest): metadataV1.DeleteRepositoryResponse => {
          if (!this.repositories.delete(r.repository))
            throw new BerthError(ErrorCode.NAME_UNKNOWN, 'repository name not known to registry');
          this.metadataDeletes.push(`${r.repository} by ${r.actor}`);
          return { deletedImages: 1 };
        },
      ),
    });
    server.addService(serviceOf('berth.distribution.v1', 'DistributionService'), {
      DeleteRepository: this.unary(
        async (
          r: distributionV1.DeleteRepositoryRequest,
        ): Promise<distributionV1.DeleteRepositoryResponse> => {
          this.distributionDeletes.push(r.repository);
          await this.afterDistributionDelete?.(r.repository);
          return { deletedManifests: 1 };
        },
      ),
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p),
      ),
    );
    this.server = server;
    return `127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.tryShutdown(() => resolve()) : resolve(),
    );
  }

  private unary<Req, Res>(fn: (request: Req) => Res | Promise<Res>): Handler {
    return (call, callback) => {
      Promise.resolve()
        .then(() => fn(call.request as Req))
        .then(
          (response) => callback(null, response),
          (err: unknown) => {
            const { code, message, metadata } = toGrpcError(err);
            callback({ code, details: message, metadata });
          },
        );
    };
  }
}

function serviceOf(pkg: GrpcPackageName, service: string): ServiceDefinition {
  const loaded = loadPackageDefinition(loadSync(protoFilesOf(pkg), loaderOptions())) as Record<
    string,
    unknown
  >;
  let node: unknown = loaded;
  for (const part of [...pkg.split('.'), service]) node = (node as Record<string, unknown>)[part];
  return (node as { service: ServiceDefinition }).service;
}
