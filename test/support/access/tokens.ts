import { basicAuthorization, errorCodeOf, httpRequest, type Credentials } from './http';

/** The claims Berth puts in an access token. */
export interface TokenClaims {
  iss: string;
  sub: string;
  aud: string;
  exp: number;
  nbf?: number;
  iat: number;
  jti: string;
  access: Array<{ type: string; name: string; actions: string[] }>;
}

export interface TokenReply {
  status: number;
  /** Error code of a refusal. */
  code?: string;
  token?: string;
  expiresIn?: number;
  issuedAt?: string;
}

/** The token realm and service the registry names in its challenge to an anonymous `GET /v2/`. */
export interface TokenRealm {
  realm: string;
  service: string;
}

export async function discoverRealm(base: string): Promise<TokenRealm> {
  const res = await httpRequest(`${base}/v2/`);
  const challenge = res.headers.get('www-authenticate') ?? '';
  const params = Object.fromEntries(
    Array.from(challenge.matchAll(/(\w+)="([^"]*)"/g)).map((m) => [m[1], m[2]]),
  );
  if (res.status !== 401 || !/^Bearer /i.test(challenge) || !params.realm || !params.service)
    throw new Error(`GET /v2/ gave ${res.status} with challenge ${JSON.stringify(challenge)}`);
  return { realm: params.realm, service: params.service };
}

/**
 * The Docker token flow's second step: `GET <realm>?service=…&scope=…` with Basic credentials
 * (none = anonymous).
 */
export async function requestToken(
  realm: TokenRealm,
  creds: Credentials | undefined,
  scopes: readonly string[],
): Promise<TokenReply> {
  const url = new URL(realm.realm);
  url.searchParams.set('service', realm.service);
  for (const scope of scopes) url.searchParams.append('scope', scope);
  const res = await httpRequest(url.toString(), {
    headers: creds ? { authorization: basicAuthorization(creds) } : {},
  });
  if (res.status !== 200) return { status: res.status, code: errorCodeOf(res) };
  const body = res.json<{ token?: string; access_token?: string; expires_in?: number; issued_at?: string }>();
  return {
    status: 200,
    token: body.token ?? body.access_token,
    expiresIn: body.expires_in,
    issuedAt: body.issued_at,
  };
}

/** A token, or an error naming what the endpoint answered. */
export async function tokenFor(
  realm: TokenRealm,
  creds: Credentials | undefined,
  scopes: readonly string[],
): Promise<string> {
  const reply = await requestToken(realm, creds, scopes);
  if (reply.status !== 200 || !reply.token)
    throw new Error(
      `token for ${creds?.username ?? 'anonymous'} ${scopes.join(' ')}: ${reply.status} ${reply.code ?? ''}`,
    );
  return reply.token;
}

/** The payload of a compact JWS, unverified (tests read what the server signed). */
export function decodeClaims(token: string): TokenClaims {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error(`not a compact JWS: ${token.slice(0, 20)}…`);
  return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as TokenClaims;
}

/** The actions a token grants on one repository. */
export function grantedActions(token: string, repository: string): string[] {
  const entry = decodeClaims(token).access.find((a) => a.type === 'repository' && a.name === repository);
  return entry ? [...entry.actions].sort() : [];
}
