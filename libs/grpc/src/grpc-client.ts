import { credentials, loadPackageDefinition, Metadata, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { fromGrpcError } from '@berth/errors';
import type { Observable } from 'rxjs';
import { GRPC_CHANNEL_OPTIONS, loaderOptions } from './loader-options';
import { PROTO_FILES, protoFilesOf, type GrpcPackageName } from './proto-root';

export interface CallOptions {
  /** Deadline in milliseconds from now (default 30 s). */
  timeoutMs?: number;
  metadata?: Record<string, string>;
}

/**
 * Turns a ts-proto Nest client interface (methods returning Observables) into
 * one whose methods return Promises and throw BerthError.
 */
export type PromiseClient<T> = {
  [K in keyof T]: T[K] extends (request: infer Req, ...rest: never[]) => Observable<infer Res>
    ? (request: Req, options?: CallOptions) => Promise<Res>
    : never;
};

export interface GrpcClientHandle<T> {
  client: PromiseClient<T>;
  close(): void;
  /** Resolves when the channel is connected (or rejects after timeoutMs). */
  waitForReady(timeoutMs: number): Promise<void>;
}

type UnaryFn = (
  request: unknown,
  metadata: Metadata,
  options: { deadline: Date },
  callback: (err: ServiceError | null, response: unknown) => void,
) => void;

/**
 * A plain grpc-js client for `service` (e.g. "AuthService") of `pkg`, decoded with
 * the shared loader options. Unary methods only.
 */
export function createGrpcClient<T>(
  pkg: GrpcPackageName,
  service: string,
  address: string,
): GrpcClientHandle<T> {
  const definition = loadSync(protoFilesOf(pkg), loaderOptions());
  const loaded = loadPackageDefinition(definition) as Record<string, unknown>;
  let ctor: unknown = loaded;
  for (const part of [...pkg.split('.'), service]) ctor = (ctor as Record<string, unknown>)[part];
  if (typeof ctor !== 'function')
    throw new Error(`gRPC service ${pkg}.${service} not found in ${PROTO_FILES[pkg].join(', ')}`);
  const Ctor = ctor as new (
    address: string,
    creds: ReturnType<typeof credentials.createInsecure>,
    options: object,
  ) => Client;
  const raw = new Ctor(address, credentials.createInsecure(), GRPC_CHANNEL_OPTIONS);
  const methods = (ctor as unknown as { service: Record<string, { originalName?: string }> }).service;

  const client: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(methods)) {
    const fn = (raw as unknown as Record<string, UnaryFn>)[name].bind(raw);
    const call = (request: unknown, options: CallOptions = {}) =>
      new Promise((resolve, reject) => {
        const md = new Metadata();
        for (const [k, v] of Object.entries(options.metadata ?? {})) md.set(k, v);
        fn(request, md, { deadline: new Date(Date.now() + (options.timeoutMs ?? 30_000)) }, (err, res) =>
          err ? reject(fromGrpcError(err)) : resolve(res),
        );
      });
    client[def.originalName ?? name[0].toLowerCase() + name.slice(1)] = call;
  }
  return {
    client: client as PromiseClient<T>,
    close: () => raw.close(),
    waitForReady: (timeoutMs) =>
      new Promise((resolve, reject) =>
        raw.waitForReady(Date.now() + timeoutMs, (err) => (err ? reject(err) : resolve())),
      ),
  };
}
