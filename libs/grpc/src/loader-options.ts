import type { Options } from '@grpc/proto-loader';
import { protoRoot } from './proto-root';

/**
 * The one set of proto-loader options, shared by every server and client. They
 * must agree with the ts-proto options in proto/buf.gen.yaml (camelCase fields,
 * int64 as number, enums as strings, defaults filled in); the round-trip test in
 * grpc-round-trip.spec.ts proves they do.
 */
export function loaderOptions(): Options {
  return {
    keepCase: false,
    longs: Number,
    enums: String,
    bytes: Buffer,
    defaults: true,
    arrays: true,
    objects: true,
    // true would add virtual `_field` properties for every proto3 `optional`,
    // which the ts-proto types do not have (the round-trip test catches it).
    oneofs: false,
    includeDirs: [protoRoot()],
  };
}

/** Channel options for servers and clients: manifests may be several MiB. */
export const GRPC_MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

export const GRPC_CHANNEL_OPTIONS = {
  'grpc.max_receive_message_length': GRPC_MAX_MESSAGE_BYTES,
  'grpc.max_send_message_length': GRPC_MAX_MESSAGE_BYTES,
  'grpc.keepalive_time_ms': 30_000,
  'grpc.keepalive_timeout_ms': 10_000,
} as const;
