import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/**
 * The directory holding the .proto files (the buf module). Found by walking up
 * from this file to the first folder with `proto/buf.yaml`, so it works from
 * sources (ts) and from the build (dist/). `BERTH_PROTO_DIR` overrides it in images.
 */
export function protoRoot(): string {
  if (cached) return cached;
  const override = process.env['BERTH_PROTO_DIR'];
  if (override) return (cached = override);
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, 'proto');
    if (existsSync(join(candidate, 'buf.yaml'))) return (cached = candidate);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find proto/buf.yaml above ${__dirname}; set BERTH_PROTO_DIR`);
    dir = parent;
  }
}

/** Proto files of each gRPC package, relative to protoRoot(). */
export const PROTO_FILES = {
  'berth.auth.v1': [
    'berth/auth/v1/auth.proto',
    'berth/auth/v1/identity.proto',
    'berth/auth/v1/projects.proto',
  ],
  'berth.distribution.v1': ['berth/distribution/v1/distribution.proto'],
  'berth.metadata.v1': ['berth/metadata/v1/metadata.proto'],
  'grpc.health.v1': ['grpc/health/v1/health.proto'],
} as const satisfies Record<string, readonly string[]>;

/** Absolute paths of the proto files of `pkg`. */
export function protoFilesOf(pkg: GrpcPackageName): string[] {
  return PROTO_FILES[pkg].map((file) => join(protoRoot(), file));
}

export type GrpcPackageName = keyof typeof PROTO_FILES;
