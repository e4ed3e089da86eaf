import { ApiError, CliError } from './cli-error';

export interface Credentials {
  username: string;
  secret: string;
}

export type Query = Record<string, string | number | boolean | undefined | string[]>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Overrides the client's credentials for this request; null sends none. */
  credentials?: Credentials | null;
}

export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

export function basicAuthorization(c: Credentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.secret}`, 'utf8').toString('base64')}`;
}

/**
 * HTTP to the registry: JSON in and out, Basic credentials, and the registry's error body
 * (`{"errors":[{"code","message"}]}`) turned into one ApiError.
 */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly credentials: Credentials | undefined,
    private readonly fetchImpl: typeof fetch,
    private readonly userAgent: string,
  ) {}

  get loggedIn(): boolean {
    return this.credentials !== undefined;
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, { query }).then((r) => r.body);
  }

  post<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, { ...options, body }).then((r) => r.body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, { body }).then((r) => r.body);
  }

  put<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PUT', path, { body }).then((r) => r.body);
  }

  /** The response body, `{}` for 204. */
  delete<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('DELETE', path, options).then((r) => r.body);
  }

  /** A URL relative to the registry base URL (or absolute), e.g. `/api/v1/whoami`. */
  url(path: string, query?: Query): URL {
    const url = /^https?:\/\//.test(path) ? new URL(path) : new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v === undefined) continue;
      for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(item));
    }
    return url;
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const res = await this.send(method, this.url(path, options.query), options);
    const text = await res.text();
    if (!res.ok) throw this.errorOf(method, path, res, text, options.credentials === undefined);
    let body: unknown = {};
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        throw new CliError(
          `${method} ${path}: the registry answered HTTP ${res.status} with a body that is not JSON`,
        );
      }
    }
    return { status: res.status, headers: res.headers, body: body as T };
  }

  /** Sends a request and returns the raw response, whatever its status. */
  async send(method: string, url: URL, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': this.userAgent };
    const credentials = options.credentials === undefined ? this.credentials : options.credentials;
    if (credentials) headers['authorization'] = basicAuthorization(credentials);
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    try {
      return await this.fetchImpl(url, { method, headers, body, redirect: 'error' });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (err as Error).message;
      throw new CliError(`cannot reach ${url.origin}: ${why}`);
    }
  }

  private errorOf(method: string, path: string, res: Response, text: string, ownLogin: boolean): CliError {
    let first: { code?: unknown; message?: unknown } | undefined;
    try {
      first = (JSON.parse(text) as { errors?: Array<{ code?: unknown; message?: unknown }> }).errors?.[0];
    } catch {
      first = undefined;
    }
    const code = typeof first?.code === 'string' ? first.code : `HTTP ${res.status}`;
    let message =
      typeof first?.message === 'string' && first.message !== ''
        ? `${first.message} (${code})`
        : `${method} ${path}: HTTP ${res.status} ${res.statusText}`.trimEnd();
    if (res.status === 401 && ownLogin) {
      message += this.credentials
        ? "; your login may have expired or been revoked: run 'berth login' again"
        : "; log in first with 'berth login URL'";
    }
    return new ApiError(message, res.status, code);
  }
}
