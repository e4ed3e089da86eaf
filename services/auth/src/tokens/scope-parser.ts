import {
  REPOSITORY_ACTIONS,
  RESOURCE_REGISTRY,
  RESOURCE_REPOSITORY,
  WILDCARD_ACTION,
  type RepositoryAction,
} from '@berth/auth-client';
import { isRepositoryName } from '@berth/oci';

/** A resource a client asked access to, with the concrete actions it asked for. */
export interface RequestedAccess {
  type: typeof RESOURCE_REPOSITORY | typeof RESOURCE_REGISTRY;
  name: string;
  actions: string[];
}

/** More distinct resources than this in one request are ignored (a token has to stay small). */
export const MAX_REQUESTED_RESOURCES = 64;

const RESOURCE_TYPE = /^([a-z0-9]+)(?:\([a-z0-9]+\))?$/;
const CATALOG = 'catalog';

/**
 * Parses Docker token-spec scopes: `repository:ns/app:pull,push`, `repository:ns/app:*`,
 * `registry:catalog:*`; a resource class (`repository(plugin):…`) is accepted and
 * dropped; one string may hold several scopes separated by spaces. As distribution's
 * token servers do, anything malformed or unknown is ignored rather than failing
 * the request: unknown types, invalid repository names (including names with a
 * `host:port` prefix), unknown actions. `*` on a repository means pull, push and
 * delete. The same resource asked twice is merged.
 */
export function parseScopes(scopes: readonly string[]): RequestedAccess[] {
  const merged = new Map<string, RequestedAccess>();
  for (const raw of scopes) {
    for (const spec of raw.split(/\s+/)) {
      if (spec === '') continue;
      const parsed = parseScope(spec);
      if (!parsed) continue;
      const key = `${parsed.type}:${parsed.name}`;
      const existing = merged.get(key);
      if (existing) {
        existing.actions = canonicalActions(parsed.type, [...existing.actions, ...parsed.actions]);
      } else if (merged.size < MAX_REQUESTED_RESOURCES) {
        merged.set(key, parsed);
      }
    }
  }
  return [...merged.values()];
}

function parseScope(spec: string): RequestedAccess | undefined {
  // type:name:actions, split at the first and the last ":" so a ":" inside the name
  // cannot shift the fields (such a name is then rejected as a repository name).
  const first = spec.indexOf(':');
  const last = spec.lastIndexOf(':');
  if (first <= 0 || last === first) return undefined;
  const type = RESOURCE_TYPE.exec(spec.slice(0, first))?.[1];
  const name = spec.slice(first + 1, last);
  const actions = spec
    .slice(last + 1)
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');

  if (type === RESOURCE_REPOSITORY) {
    if (!isRepositoryName(name)) return undefined;
    const wanted = canonicalActions(RESOURCE_REPOSITORY, actions);
    return wanted.length ? { type, name, actions: wanted } : undefined;
  }
  if (type === RESOURCE_REGISTRY && name === CATALOG && actions.includes(WILDCARD_ACTION)) {
    return { type, name, actions: [WILDCARD_ACTION] };
  }
  return undefined;
}

function canonicalActions(type: RequestedAccess['type'], actions: readonly string[]): string[] {
  if (type === RESOURCE_REGISTRY) return actions.includes(WILDCARD_ACTION) ? [WILDCARD_ACTION] : [];
  const wanted = new Set(actions);
  const all = wanted.has(WILDCARD_ACTION);
  return REPOSITORY_ACTIONS.filter((a: RepositoryAction) => all || wanted.has(a));
}
