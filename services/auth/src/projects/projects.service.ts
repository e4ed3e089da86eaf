import { Inject, Injectable } from '@nestjs/common';
import { BerthError, ErrorCode } from '@berth/errors';
import { isRepositoryName } from '@berth/oci';
import { randomUUID } from 'node:crypto';
import { isRegistryAdmin, standingIn } from '../policy/access-rules';
import { PolicyRepository } from '../policy/policy.repository';
import { ProjectAccess } from '../policy/project-access';
import { ProjectAccessPolicy } from '../policy/project-access-policy';
import { REPOSITORY_CATALOG, type RepositoryCatalog } from '../policy/repository-catalog';
import type { ProjectRole } from '../policy/roles';
import type { AuthenticatedCall } from '../ports/caller-authenticator.port';
import { PullSecrets } from '../service-accounts/pull-secrets';
import { DEFAULT_SERVICE_ACCOUNTS } from '../service-accounts/service-account-name';
import { mapConcurrently } from './map-concurrently';
import type { ProjectRecord } from './project';
import { ProjectAudit } from './project-audit';
import { validateProjectName } from './project-name';
import { ProjectsRepository } from './projects.repository';

/** A project as its caller sees it. */
export interface ProjectView {
  project: ProjectRecord;
  repositoryCount: number;
  /** The caller's project role, null when not a member. */
  callerRole: ProjectRole | null;
}

export const DEFAULT_PROJECT_PAGE = 100;
export const MAX_PROJECT_PAGE = 1000;
/** Namespaces counted at the same time when listing projects. */
export const REPOSITORY_COUNT_CONCURRENCY = 8;
/** Rounds of deleting repositories pushed into a namespace while its project was being deleted. */
const LATE_PUSH_ROUNDS = 3;

/** Projects: create, describe, list what the caller may see, change visibility, delete. */
@Injectable()
export class ProjectsService {
  constructor(
    private readonly projects: ProjectsRepository,
    private readonly policy: PolicyRepository,
    private readonly access: ProjectAccess,
    private readonly accessPolicy: ProjectAccessPolicy,
    private readonly pullSecrets: PullSecrets,
    private readonly audit: ProjectAudit,
    @Inject(REPOSITORY_CATALOG) private readonly catalog: RepositoryCatalog,
  ) {}

  /**
   * Any user (not a service account) may create a project; it becomes its admin. A namespace
   * that already holds repositories without a project (pushed by a registry admin, before
   * projects existed, or with a token issued before its project was deleted) is taken: only a
   * registry admin may create its project, adopting them; anyone else gets the answer of a taken
   * name. Memberships and bindings naming the new project's service accounts that were made
   * before it existed are dropped, so the creator inherits no grant.
   */
  async create(call: AuthenticatedCall, name: string, isPublic: boolean): Promise<ProjectView> {
    const { principal } = call;
    if (principal.kind === 'anonymous')
      throw new BerthError(ErrorCode.UNAUTHORIZED, 'authentication required');
    if (principal.kind !== 'user')
      throw new BerthError(ErrorCode.DENIED, 'service accounts cannot create projects');
    validateProjectName(name);
    const occupied = await this.catalog.namespaceOccupied(name);
    if (occupied && !isRegistryAdmin(principal)) throw projectExists(name);
    const serviceAccounts = DEFAULT_SERVICE_ACCOUNTS.map((sa) => {
      const id = randomUUID();
      return { id, name: sa, secret: this.pullSecrets.issue(id).stored };
    });
    const project = await this.projects.create({
      name,
      public: isPublic,
      createdBy: principal.username,
      serviceAccounts,
    });
    if (!project) throw projectExists(name);
    const repositoryCount = occupied ? await this.catalog.countNamespace(name) : 0;
    await this.audit.record(call, 'project.created', name, name, {
      public: String(isPublic),
      ...(occupied ? { adoptedRepositories: String(repositoryCount) } : {}),
    });
    return { project, repositoryCount, callerRole: 'admin' };
  }

  async get(call: AuthenticatedCall, name: string): Promise<ProjectView> {
    const { project, standing } = await this.access.visible(call.principal, name);
    return { project, repositoryCount: await this.countRepositories(name), callerRole: standing.role };
  }

  async list(
    call: AuthenticatedCall,
    limit?: number,
    last?: string,
  ): Promise<{ projects: ProjectView[]; more: boolean }> {
    const size = limit ?? DEFAULT_PROJECT_PAGE;
    if (!Number.isInteger(size) || size < 0 || size > MAX_PROJECT_PAGE) {
      throw new BerthError(ErrorCode.INVALID_ARGUMENT, `limit must be between 0 and ${MAX_PROJECT_PAGE}`);
    }
    if (size === 0) return { projects: [], more: false };
    const { principal } = call;
    const rows = await this.policy.visibleProjects(
      principal,
      isRegistryAdmin(principal),
      last ?? '',
      size + 1,
    );
    const page = rows.slice(0, size);
    const projects = await mapConcurrently(page, REPOSITORY_COUNT_CONCURRENCY, async (facts) => ({
      project: {
        id: facts.id,
        name: facts.name,
        public: facts.public,
        createdAt: facts.createdAt,
        createdBy: facts.createdBy,
      },
      repositoryCount: await this.countRepositories(facts.name),
      callerRole: standingIn(principal, facts).role,
    }));
    return { projects, more: rows.length > size };
  }

  /** Project admins change visibility; without a value the project is returned unchanged. */
  async update(call: AuthenticatedCall, name: string, isPublic: boolean | undefined): Promise<ProjectView> {
    const { project, standing } = await this.access.asAdmin(call.principal, name);
    let updated = project;
    if (isPublic !== undefined && isPublic !== project.public) {
      updated = (await this.projects.setPublic(project.id, isPublic)) ?? project;
      await this.audit.record(call, 'project.visibility_changed', name, name, {
        public: String(isPublic),
      });
    }
    return {
      project: updated,
      repositoryCount: await this.countRepositories(name),
      callerRole: standing.role,
    };
  }

  /**
   * Project admins delete a project. While it holds repositories this is a CONFLICT unless
   * `force`, which deletes them first (metadata and distribution), then the project's rows,
   * then (with `force`) what was pushed into the namespace meanwhile, for a few rounds.
   *
   * Tokens issued before the deletion stay valid for up to their lifetime
   * (BERTH_TOKEN_TTL_SECONDS) and may still push into the namespace after this returns. Such
   * leftovers have no project: only registry admins see them, and only a registry admin may
   * create a project of that name again (adopting them; see `create`).
   */
  async delete(call: AuthenticatedCall, name: string, force: boolean): Promise<string[]> {
    const { project } = await this.access.asAdmin(call.principal, name);
    const repositories = await this.catalog.listNamespace(name);
    if (repositories.length > 0 && !force) {
      throw new BerthError(
        ErrorCode.CONFLICT,
        `project ${JSON.stringify(name)} holds ${repositories.length} ${repositories.length === 1 ? 'repository' : 'repositories'}; use --force to delete them with it`,
      );
    }
    const deleted: string[] = [];
    const deleteAll = async (names: readonly string[]) => {
      for (const repository of names) {
        await this.catalog.delete(repository, call.principal.subject);
        deleted.push(repository);
      }
    };
    await deleteAll(repositories);
    await this.projects.delete(project);
    for (let round = 0; force && round < LATE_PUSH_ROUNDS; round++) {
      const late = await this.catalog.listNamespace(name);
      // Stop when nothing landed, or when a registry admin has created the project again.
      if (late.length === 0 || (await this.projects.exists(name))) break;
      await deleteAll(late);
    }
    await this.audit.record(call, 'project.deleted', name, name, {
      repositories: String(deleted.length),
    });
    return deleted;
  }

  /** The names, in order, of the repositories the caller may pull; malformed names are dropped. */
  async filterVisibleRepositories(call: AuthenticatedCall, names: readonly string[]): Promise<string[]> {
    return this.accessPolicy.filterPullable(
      call.principal,
      names.filter((n) => isRepositoryName(n)),
    );
  }

  private async countRepositories(name: string): Promise<number> {
    return this.catalog.countNamespace(name);
  }
}

function projectExists(name: string): BerthError {
  return new BerthError(ErrorCode.ALREADY_EXISTS, `project ${JSON.stringify(name)} already exists`);
}
