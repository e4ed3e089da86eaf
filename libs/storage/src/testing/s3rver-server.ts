import { mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'minio';

/** The slice of s3rver's API we use (the package ships no type declarations). */
interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
}) => S3rverInstance;

interface S3rverStoreClass {
  prototype: { deleteObject(this: unknown, ...args: unknown[]): Promise<void>; [serialised]?: true };
}
const serialised = Symbol('berth.serialisedDeletes');

/**
 * s3rver 3.7 removes emptied directories after each delete and fails with a 500 when two deletes
 * in one directory interleave (DeleteObjects runs them concurrently). Real S3 has no directories;
 * serialise the fake's deletes so that bug cannot make tests flaky.
 */
function serialiseS3rverDeletes(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Store = require('s3rver/lib/stores/filesystem') as S3rverStoreClass;
  if (Store.prototype[serialised]) return;
  const deleteObject = Store.prototype.deleteObject;
  let queue: Promise<unknown> = Promise.resolve();
  Store.prototype.deleteObject = function (this: unknown, ...args: unknown[]): Promise<void> {
    const run = queue.then(() => deleteObject.apply(this, args));
    queue = run.catch(() => undefined);
    return run;
  };
  Store.prototype[serialised] = true;
}

/** Where a running fake S3 listens; s3rver accepts the fixed credentials S3RVER / S3RVER. */
export interface FakeS3 {
  endPoint: string;
  port: number;
  useSSL: false;
  accessKey: string;
  secretKey: string;
  region: string;
  pathStyle: true;
  /** A raw client, to look at what the driver stored. */
  client: Client;
  /** Connections to hand to the driver under test, so `stop` need not wait for idle keep-alives. */
  agent: Agent;
  stop(): Promise<void>;
}

/** Starts s3rver in this process on a free port, storing into a fresh temporary directory. */
export async function startFakeS3(): Promise<FakeS3> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const S3rver = require('s3rver') as S3rverConstructor;
  serialiseS3rverDeletes();
  const directory = await mkdtemp(join(tmpdir(), 'berth-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const { port } = await server.run();
  const agent = new Agent({ keepAlive: false });
  const settings = {
    endPoint: '127.0.0.1',
    port,
    useSSL: false as const,
    accessKey: 'S3RVER',
    secretKey: 'S3RVER',
    region: 'us-east-1',
    pathStyle: true as const,
  };
  const client = new Client({ ...settings, transportAgent: agent });
  return {
    ...settings,
    client,
    agent,
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
