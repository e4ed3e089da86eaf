import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query as sent (percent-encoding kept). */
  path: string;
  pathname: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON, undefined when empty. */
  json: unknown;
}

export interface FakeReply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Responder = FakeReply | ((req: RecordedRequest) => FakeReply);

/**
 * A registry stand-in on 127.0.0.1 (node:http): records every request and answers from scripted
 * replies keyed by `METHOD pathname` (percent-encoded as sent); several replies for one key are used in turn, the last one
 * again and again. Unscripted requests get the registry's 404 error body.
 */
export class FakeRegistry {
  readonly requests: RecordedRequest[] = [];
  private readonly replies = new Map<string, Responder[]>();
  private server?: http.Server;

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  get host(): string {
    return new URL(this.url).host;
  }

  on(method: string, pathname: string, ...replies: Responder[]): this {
    this.replies.set(`${method} ${pathname}`, replies);
    return this;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, Buffer.concat(chunks).toString('utf8'), res));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(req: http.IncomingMessage, body: string, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    let json: unknown;
    try {
      json = body === '' ? undefined : JSON.parse(body);
    } catch {
      json = undefined;
    }
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      pathname: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      json,
    };
    this.requests.push(recorded);
    const queue = this.replies.get(`${recorded.method} ${recorded.pathname}`);
    const responder = queue ? (queue.length > 1 ? queue.shift()! : queue[0]) : undefined;
    const reply: FakeReply = responder
      ? typeof responder === 'function'
        ? responder(recorded)
        : responder
      : {
          status: 404,
          body: {
            errors: [
              { code: 'NOT_FOUND', message: `fake: no reply for ${recorded.method} ${recorded.pathname}` },
            ],
          },
        };
    const status = reply.status ?? 200;
    const headers: Record<string, string> = { ...(reply.headers ?? {}) };
    let payload = '';
    if (reply.body !== undefined && status !== 204) {
      payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      headers['content-type'] ??= 'application/json';
    }
    res.writeHead(status, headers);
    res.end(payload);
  }
}

/** The registry's error body. */
export function apiError(status: number, code: string, message: string): FakeReply {
  return { status, body: { errors: [{ code, message }] } };
}
