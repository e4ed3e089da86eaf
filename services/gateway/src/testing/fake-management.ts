import { loadSync } from '@grpc/proto-loader';
import type { IdentityClient, ProjectsClient } from '@berth/auth-client';
import { loaderOptions, protoFilesOf } from '@berth/grpc';

/** One call the gateway made to auth's IdentityService or ProjectsService. */
export interface RecordedCall {
  service: 'IdentityService' | 'ProjectsService';
  /** The client method, e.g. `createUser`. */
  method: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  request: any;
  /** The gRPC metadata sent (`authorization`, `berth-client-ip`). */
  metadata: Record<string, string>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = (request: any, metadata: Record<string, string>) => unknown;

let methodNames: Record<RecordedCall['service'], Set<string>> | undefined;

/** The client method names of each service, from the .proto (as createGrpcClient names them). */
function methodsOf(service: RecordedCall['service']): Set<string> {
  if (!methodNames) {
    const definition = loadSync(protoFilesOf('berth.auth.v1'), loaderOptions());
    const names = (s: string) =>
      new Set(
        Object.values(definition[`berth.auth.v1.${s}`] as Record<string, { originalName?: string }>).map(
          (m) => m.originalName ?? '',
        ),
      );
    methodNames = { IdentityService: names('IdentityService'), ProjectsService: names('ProjectsService') };
  }
  return methodNames[service];
}

/**
 * In-memory stand-ins for auth's IdentityService and ProjectsService clients: every call is
 * recorded with its metadata and answered by `answer(method, …)` (default `{}`), or fails with
 * what `fail` set. FilterVisibleRepositories keeps, by default, what `visible` allows for the
 * caller's Authorization (everything unless a test narrows it).
 */
export class FakeManagement {
  readonly calls: RecordedCall[] = [];
  /** Whether `authorization` (absent = anonymous) may see `repository` in the catalog. */
  visible: (repository: string, authorization: string | undefined) => boolean = () => true;
  private readonly answers = new Map<string, Answer>();

  readonly identity = this.client('IdentityService') as IdentityClient;
  readonly projects = this.client('ProjectsService') as ProjectsClient;

  constructor() {
    this.reset();
  }

  /** Answers later calls of `method` with `answer(request, metadata)` (a function) or the value. */
  answer(method: string, answer: Answer | object): void {
    this.answers.set(method, typeof answer === 'function' ? (answer as Answer) : () => answer);
  }

  /** Makes later calls of `method` throw `err` (e.g. a BerthError). */
  fail(method: string, err: Error): void {
    this.answers.set(method, () => {
      throw err;
    });
  }

  /** Forgets calls, answers and failures; FilterVisibleRepositories goes back to `visible`. */
  reset(): void {
    this.calls.length = 0;
    this.answers.clear();
    this.visible = () => true;
    this.answer('filterVisibleRepositories', (req: { repositories: string[] }, metadata) => ({
      repositories: req.repositories.filter((r) => this.visible(r, metadata['authorization'])),
    }));
  }

  /** Calls of `method`, oldest first. */
  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  private client(service: RecordedCall['service']): object {
    const target: Record<string, unknown> = {};
    for (const method of methodsOf(service)) {
      target[method] = async (request: unknown, options?: { metadata?: Record<string, string> }) => {
        const metadata = { ...(options?.metadata ?? {}) };
        this.calls.push({ service, method, request, metadata });
        const answer = this.answers.get(method);
        return answer ? answer(request, metadata) : {};
      };
    }
    return target;
  }
}
