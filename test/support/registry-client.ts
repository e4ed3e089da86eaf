import { createHash } from 'node:crypto';

export interface Reply {
  status: number;
  headers: Headers;
  body: Buffer;
  json<T = unknown>(): T;
}

/**
 * A minimal OCI client for system tests: follows the Docker token flow (401
 * Bearer challenge → realm with Basic credentials → retry), caching tokens per scope.
 */
export class RegistryClient {
  private readonly tokens = new Map<string, string>();

  constructor(
    readonly base: string,
    private readonly user?: string,
    private readonly password?: string,
  ) {}

  async request(
    method: string,
    path: string,
    opts: { body?: Buffer | string; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const send = (token?: string) =>
      fetch(this.base + path, {
        method,
        body: opts.body,
        headers: { ...(opts.headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        redirect: 'manual',
      });
    const cacheKey = `${method} ${scopeKey(path)}`;
    let res = await send(this.tokens.get(cacheKey));
    if (res.status === 401) {
      const challenge = res.headers.get('www-authenticate') ?? '';
      await res.arrayBuffer();
      const token = await this.fetchToken(challenge);
      if (token) {
        this.tokens.set(cacheKey, token);
        res = await send(token);
      }
    }
    const body = Buffer.from(await res.arrayBuffer());
    return {
      status: res.status,
      headers: res.headers,
      body,
      json: <T>() => JSON.parse(body.toString('utf8')) as T,
    };
  }

  private async fetchToken(challenge: string): Promise<string | undefined> {
    const params = Object.fromEntries(
      Array.from(challenge.matchAll(/(\w+)="([^"]*)"/g)).map((m) => [m[1], m[2]]),
    );
    if (!params.realm) return undefined;
    const url = new URL(params.realm);
    if (params.service) url.searchParams.set('service', params.service);
    if (params.scope) for (const s of params.scope.split(' ')) url.searchParams.append('scope', s);
    const headers: Record<string, string> = {};
    if (this.user)
      headers.authorization = 'Basic ' + Buffer.from(`${this.user}:${this.password}`).toString('base64');
    const res = await fetch(url, { headers });
    if (res.status !== 200) return undefined;
    const json = (await res.json()) as { token?: string; access_token?: string };
    return json.token ?? json.access_token;
  }

  /** Monolithic blob upload; returns the digest. */
  async pushBlob(repo: string, data: Buffer): Promise<string> {
    const digest = sha256(data);
    const start = await this.request('POST', `/v2/${repo}/blobs/uploads/`);
    if (start.status !== 202) throw new Error(`POST upload: ${start.status} ${start.body}`);
    const location = start.headers.get('location')!;
    const url = new URL(location, this.base);
    url.searchParams.set('digest', digest);
    const put = await this.request('PUT', url.pathname + url.search, {
      body: data,
      headers: { 'content-type': 'application/octet-stream' },
    });
    if (put.status !== 201) throw new Error(`PUT blob: ${put.status} ${put.body}`);
    return digest;
  }
}

export function sha256(data: Buffer | string): string {
  return 'sha256:' + createHash('sha256').update(data).digest('hex');
}

function scopeKey(path: string): string {
  const m = /^\/v2\/(.+?)\/(blobs|manifests|tags|referrers)\//.exec(path);
  return m ? m[1] : path;
}
