/**
 * The access-token format shared by the auth service (which signs) and the gateway
 * (which verifies): a compact JWS signed with Ed25519, as in the Docker token-auth spec.
 */

/** JOSE algorithm of every Berth access token. */
export const TOKEN_ALGORITHM = 'EdDSA';

/** The `sub` of tokens issued without credentials. Not a valid username (reserved). */
export const ANONYMOUS_SUBJECT = 'anonymous';

/** Resource types a token can grant access to. */
export const RESOURCE_REPOSITORY = 'repository';
export const RESOURCE_REGISTRY = 'registry';

/** Actions on a repository, in canonical order. */
export const REPOSITORY_ACTIONS = ['pull', 'push', 'delete'] as const;
export type RepositoryAction = (typeof REPOSITORY_ACTIONS)[number];

/** The wildcard action; on `registry:catalog` it is the only action. */
export const WILDCARD_ACTION = '*';

/** One entry of the `access` claim: `{type:'repository', name:'ns/app', actions:['pull']}`. */
export interface AccessEntry {
  type: string;
  name: string;
  actions: string[];
}

export interface JwtHeader {
  alg: string;
  typ?: string;
  kid?: string;
}

/** The claims of a Berth access token. Times are seconds since the epoch. */
export interface AccessTokenClaims {
  iss: string;
  sub: string;
  aud: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  access: AccessEntry[];
}

/** What the gateway gets back from a verified token. */
export interface VerifiedToken {
  subject: string;
  access: AccessEntry[];
  expiresAt: Date;
}

/**
 * True when the token grants `action` on the resource. A granted `*` covers every
 * action (it is what `registry:catalog:*` grants).
 */
export function hasAccess(
  verified: Pick<VerifiedToken, 'access'>,
  type: string,
  name: string,
  action: string,
): boolean {
  return verified.access.some(
    (entry) =>
      entry.type === type &&
      entry.name === name &&
      (entry.actions.includes(action) || entry.actions.includes(WILDCARD_ACTION)),
  );
}
