import { Inject, Injectable } from '@nestjs/common';
import {
  RESOURCE_REGISTRY,
  RESOURCE_REPOSITORY,
  WILDCARD_ACTION,
  type AccessEntry,
} from '@berth/auth-client';
import { projectOfRepository } from '../projects/project-name';
import type { AccessPolicy } from '../tokens/access-policy';
import type { RequestedAccess } from '../tokens/scope-parser';
import type { Principal } from '../users/principal';
import { allowedActions, isRegistryAdmin, repositoryRights } from './access-rules';
import { PolicyRepository } from './policy.repository';
import { REPOSITORY_CATALOG, type RepositoryCatalog } from './repository-catalog';

/**
 * The token policy: per requested `repository:<ns/name>:<actions>`, the actions the access rules
 * allow (access-rules.ts); `registry:catalog:*` for everyone (the gateway filters the catalog
 * through FilterVisibleRepositories); nothing for other resources. One SQL round trip for all
 * requested projects; metadata is asked whether a stream exists only for a push by someone who
 * may push but not create streams.
 */
@Injectable()
export class ProjectAccessPolicy implements AccessPolicy {
  constructor(
    private readonly policy: PolicyRepository,
    @Inject(REPOSITORY_CATALOG) private readonly catalog: RepositoryCatalog,
  ) {}

  async grant(principal: Principal, requested: readonly RequestedAccess[]): Promise<AccessEntry[]> {
    const admin = isRegistryAdmin(principal);
    const repositories = requested.filter((r) => r.type === RESOURCE_REPOSITORY).map((r) => r.name);
    const facts =
      admin || repositories.length === 0
        ? new Map()
        : await this.policy.factsOf(
            principal,
            [...new Set(repositories.map(projectOfRepository))],
            repositories,
          );

    const granted = await Promise.all(
      requested.map(async (r): Promise<AccessEntry | null> => {
        if (r.type === RESOURCE_REGISTRY) {
          return r.actions.includes(WILDCARD_ACTION)
            ? { type: r.type, name: r.name, actions: [WILDCARD_ACTION] }
            : null;
        }
        if (r.type !== RESOURCE_REPOSITORY) return null;
        if (admin) return { type: r.type, name: r.name, actions: [...r.actions] };
        const project = facts.get(projectOfRepository(r.name)) ?? null;
        const rights = repositoryRights(principal, project, project?.globalRepositories.has(r.name) ?? false);
        const actions = await allowedActions(r.actions, rights, () => this.catalog.exists(r.name));
        return actions.length ? { type: r.type, name: r.name, actions } : null;
      }),
    );
    return granted.filter((g): g is AccessEntry => g !== null);
  }

  /** The names (in order) whose repositories the principal may pull; one query. */
  async filterPullable(principal: Principal, names: readonly string[]): Promise<string[]> {
    if (isRegistryAdmin(principal)) return [...names];
    const projects = [...new Set(names.map(projectOfRepository))];
    const facts = await this.policy.factsOf(principal, projects, names);
    return names.filter((name) => {
      const project = facts.get(projectOfRepository(name)) ?? null;
      return repositoryRights(principal, project, project?.globalRepositories.has(name) ?? false).pull;
    });
  }
}
