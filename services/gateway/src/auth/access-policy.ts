import { RESOURCE_REGISTRY, RESOURCE_REPOSITORY, WILDCARD_ACTION } from '@berth/auth-client';
import type { RouteName, RouteParams } from '../http/router';

/** One resource of a Docker token scope: `repository:ns/app:pull,push`. */
export interface ScopeRequest {
  type: string;
  name: string;
  actions: string[];
}

/** One action a request needs granted. */
export interface RequiredAction {
  type: string;
  name: string;
  action: string;
}

export interface AccessRequirement {
  /** What the challenge names and what Basic credentials are exchanged for. */
  scopes: ScopeRequest[];
  /** What must be granted; empty for `/v2/` (any valid token). */
  required: RequiredAction[];
}

const CATALOG: ScopeRequest = { type: RESOURCE_REGISTRY, name: 'catalog', actions: [WILDCARD_ACTION] };
const BASE: AccessRequirement = { scopes: [], required: [] };
const CATALOG_ACCESS: AccessRequirement = {
  scopes: [CATALOG],
  required: [{ type: RESOURCE_REGISTRY, name: 'catalog', action: WILDCARD_ACTION }],
};

/**
 * What a request needs, as distribution's token access controller decides it: GET/HEAD need
 * pull, PUT/POST/PATCH need pull and push (uploads, including their DELETE), DELETE of a manifest
 * or blob needs delete. A cross-repository mount also asks for pull on `from`, without requiring
 * it: lacking it, the mount falls back to a plain upload session.
 */
export function accessFor(
  route: RouteName,
  method: string,
  params: RouteParams,
  mountFrom?: string,
): AccessRequirement {
  if (route === 'base') return BASE;
  if (route === 'catalog') return CATALOG_ACCESS;
  const name = params.name as string;
  const actions = actionsFor(route, method);
  const scopes: ScopeRequest[] = [{ type: RESOURCE_REPOSITORY, name, actions }];
  if (mountFrom !== undefined && mountFrom !== name)
    scopes.push({ type: RESOURCE_REPOSITORY, name: mountFrom, actions: ['pull'] });
  return { scopes, required: actions.map((action) => ({ type: RESOURCE_REPOSITORY, name, action })) };
}

function actionsFor(route: RouteName, method: string): string[] {
  if (method === 'GET' || method === 'HEAD') return route === 'upload' ? ['pull', 'push'] : ['pull'];
  if (method === 'DELETE') return route === 'upload' ? ['pull', 'push'] : ['delete'];
  return ['pull', 'push'];
}

/** `repository:ns/app:pull,push`. */
export function formatScope(scope: ScopeRequest): string {
  return `${scope.type}:${scope.name}:${scope.actions.join(',')}`;
}

/**
 * The `WWW-Authenticate` of a 401 on /v2/: `Bearer realm="…",service="…",scope="…"`; the scope is
 * left out for /v2/ itself, and `error="insufficient_scope"` is added when a token was presented
 * but lacks what the request needs (the Docker token spec's signal to fetch a new one).
 */
export function buildChallenge(
  realm: string,
  service: string,
  scopes: ScopeRequest[],
  insufficientScope = false,
): string {
  let header = `Bearer realm="${quoted(realm)}",service="${quoted(service)}"`;
  if (scopes.length > 0) header += `,scope="${quoted(scopes.map(formatScope).join(' '))}"`;
  if (insufficientScope) header += ',error="insufficient_scope"';
  return header;
}

/** The `detail` of an UNAUTHORIZED/DENIED error: distribution's list of {Type, Name, Action}. */
export function challengeDetail(
  required: RequiredAction[],
): Array<{ Type: string; Name: string; Action: string }> {
  return required.map((r) => ({ Type: r.type, Name: r.name, Action: r.action }));
}

function quoted(value: string): string {
  return value.replace(/["\\]/g, '\\$&');
}
