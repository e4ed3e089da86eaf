import { Inject, Injectable } from '@nestjs/common';
import { BerthError, ErrorCode } from '@berth/errors';
import { repositoryRights } from '../policy/access-rules';
import { PolicyRepository } from '../policy/policy.repository';
import { ProjectAccess } from '../policy/project-access';
import { REPOSITORY_CATALOG, type RepositoryCatalog } from '../policy/repository-catalog';
import type { AuthenticatedCall } from '../ports/caller-authenticator.port';
import { ProjectAudit } from '../projects/project-audit';
import { projectOfRepository } from '../projects/project-name';
import { ImageScopesRepository } from './image-scopes.repository';
import { parseImageScope, validateRepository, type ImageScope } from './image-scope';

/** Per-repository image scope. */
@Injectable()
export class ImageScopeService {
  constructor(
    private readonly scopes: ImageScopesRepository,
    private readonly policy: PolicyRepository,
    private readonly access: ProjectAccess,
    private readonly audit: ProjectAudit,
    @Inject(REPOSITORY_CATALOG) private readonly catalog: RepositoryCatalog,
  ) {}

  /** Project admins and maintainers; making a repository global requires that it exists. */
  async set(call: AuthenticatedCall, repository: string, scopeInput: string): Promise<ImageScope> {
    validateRepository(repository);
    const scope = parseImageScope(scopeInput);
    const projectName = projectOfRepository(repository);
    const { project } = await this.access.asMaintainer(call.principal, projectName);
    if (scope === 'global') {
      if (!(await this.catalog.exists(repository))) throw repositoryNotFound(repository);
      await this.scopes.setGlobal(project.id, repository, call.principal.subject);
    } else {
      await this.scopes.clear(repository);
    }
    await this.audit.record(call, 'imagescope.changed', projectName, repository, { scope });
    return scope;
  }

  /** Anyone who may pull the repository; NOT_FOUND for anyone else, as for a repository that does not exist. */
  async get(call: AuthenticatedCall, repository: string): Promise<ImageScope> {
    validateRepository(repository);
    const projectName = projectOfRepository(repository);
    const facts =
      (await this.policy.factsOf(call.principal, [projectName], [repository])).get(projectName) ?? null;
    const global = facts?.globalRepositories.has(repository) ?? false;
    if (!facts || !repositoryRights(call.principal, facts, global).pull) throw repositoryNotFound(repository);
    return global ? 'global' : 'namespace';
  }
}

function repositoryNotFound(repository: string): BerthError {
  return new BerthError(ErrorCode.NOT_FOUND, `repository ${JSON.stringify(repository)} not found`);
}
