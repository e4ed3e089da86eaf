import type { Outcome } from './matrix';

/** A finished HTTP exchange, body read. */
export interface HttpReply {
  status: number;
  headers: Headers;
  text: string;
  json<T = unknown>(): T;
}

export interface Credentials {
  username: string;
  secret: string;
}

export async function httpRequest(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<HttpReply> {
  const res = await fetch(url, {
    method: opts.method ?? 'GET',
    headers: opts.headers,
    body: opts.body,
    redirect: 'manual',
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: <T>() => JSON.parse(text) as T };
}

export function basicAuthorization(creds: Credentials): string {
  return 'Basic ' + Buffer.from(`${creds.username}:${creds.secret}`).toString('base64');
}

/** The first `errors[].code` of an error body, if it is one. */
export function errorCodeOf(reply: Pick<HttpReply, 'text'>): string | undefined {
  try {
    const body = JSON.parse(reply.text) as { errors?: Array<{ code?: string }> };
    return body.errors?.[0]?.code;
  } catch {
    return undefined;
  }
}

/** The status and (for errors) the code of a reply, as the matrix writes it. */
export function outcomeOf(reply: Pick<HttpReply, 'status' | 'text'>): Outcome {
  if (reply.status < 300) return { status: reply.status };
  const code = errorCodeOf(reply);
  return code === undefined
    ? { status: reply.status, code: `(no error body: ${reply.text.slice(0, 80)})` }
    : { status: reply.status, code };
}

/** Runs `tasks` with at most `limit` in flight, keeping their order in the result. */
export async function inParallel<T>(limit: number, tasks: Array<() => Promise<T>>): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
