import Fastify, { type FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { sendBlobBody } from './blob-body';

/** 2.5 copy buffers, so a body spans full buffers and a partial one. */
const DATA = randomBytes(2.5 * 1024 * 1024);

interface Fetched {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function fetch(port: number, path: string): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe('sendBlobBody', () => {
  let dir: string;
  let file: string;
  let app: FastifyInstance;
  let port: number;
  const streams: Readable[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-blob-body-'));
    file = join(dir, 'blob');
    await writeFile(file, DATA);
    app = Fastify();
    app.get('/file', async (req, reply) => {
      const { start, end } = req.query as { start?: string; end?: string };
      const offset = start === undefined ? 0 : Number(start);
      const last = end === undefined ? DATA.length - 1 : Number(end);
      const handle = await open(file, 'r');
      const stream = handle.createReadStream({ start: offset, end: last });
      streams.push(stream);
      reply.header('x-berth', 'yes').header('content-length', String(last - offset + 1));
      await sendBlobBody(reply, start === undefined ? 200 : 206, stream, offset, last - offset + 1);
      return reply;
    });
    app.get('/generic', async (_req, reply) => {
      reply.header('content-length', String(DATA.length));
      await sendBlobBody(
        reply,
        200,
        Readable.from([DATA.subarray(0, 10), DATA.subarray(10)]),
        0,
        DATA.length,
      );
      return reply;
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('copies a file-backed body whole, with the reply headers, and closes the descriptor', async () => {
    const res = await fetch(port, '/file');
    expect([res.status, res.headers['x-berth'], res.headers['content-length']]).toEqual([
      200,
      'yes',
      String(DATA.length),
    ]);
    expect(res.body.equals(DATA)).toBe(true);
    const stream = streams[streams.length - 1];
    if (!stream.closed) await new Promise((resolve) => stream.once('close', resolve));
    expect(stream.destroyed).toBe(true);
  });

  it('copies a range of a file-backed body', async () => {
    const res = await fetch(port, '/file?start=1048570&end=2100000');
    expect(res.status).toBe(206);
    expect(res.body.equals(DATA.subarray(1048570, 2100001))).toBe(true);
  });

  it('stops and closes the descriptor when the client goes away mid-body', async () => {
    const before = streams.length;
    await new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/file' }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => undefined);
      req.end();
    });
    const stream = streams[before];
    if (!stream.closed) await new Promise((resolve) => stream.once('close', resolve));
    expect(stream.destroyed).toBe(true);
  });

  it('pipes any other stream', async () => {
    const res = await fetch(port, '/generic');
    expect([res.status, res.body.equals(DATA)]).toEqual([200, true]);
  });
});
