import { Module } from '@nestjs/common';
import { PROJECT_ROLES } from '../ports/project-roles.port';
import { SERVICE_ACCOUNT_CREDENTIALS } from '../ports/service-account-credentials.port';
import { SUBJECT_REFERENCES } from '../ports/subject-references.port';
import { SecretsModule } from '../secrets/secrets.module';
import { PullSecrets } from '../service-accounts/pull-secrets';
import { ServiceAccountLogins } from '../service-accounts/service-account-credentials';
import { ServiceAccountsRepository } from '../service-accounts/service-accounts.repository';
import { ACCESS_POLICY } from '../tokens/access-policy';
import { PolicyRepository } from './policy.repository';
import { ProjectAccess } from './project-access';
import { ProjectAccessPolicy } from './project-access-policy';
import { MembershipProjectRoles } from './project-roles';
import { GrpcRepositoryCatalog, REPOSITORY_CATALOG } from './repository-catalog';
import { ProjectSubjectReferences } from './subject-references';

/**
 * Who may do what in projects, with no dependency on the identity feature: the token policy
 * (ACCESS_POLICY), project roles (PROJECT_ROLES), service-account logins
 * (SERVICE_ACCOUNT_CREDENTIALS), forgetting deleted subjects (SUBJECT_REFERENCES), and what the
 * projects feature builds on. Needs DATA_SOURCE, AUTH_CONFIG, METADATA_CLIENT and
 * DISTRIBUTION_CLIENT (global modules wired by the app module).
 */
@Module({
  imports: [SecretsModule],
  providers: [
    PolicyRepository,
    ProjectAccess,
    ProjectAccessPolicy,
    ServiceAccountsRepository,
    ServiceAccountLogins,
    PullSecrets,
    { provide: REPOSITORY_CATALOG, useClass: GrpcRepositoryCatalog },
    { provide: ACCESS_POLICY, useExisting: ProjectAccessPolicy },
    { provide: PROJECT_ROLES, useClass: MembershipProjectRoles },
    { provide: SUBJECT_REFERENCES, useClass: ProjectSubjectReferences },
    { provide: SERVICE_ACCOUNT_CREDENTIALS, useExisting: ServiceAccountLogins },
  ],
  exports: [
    ACCESS_POLICY,
    PROJECT_ROLES,
    SUBJECT_REFERENCES,
    SERVICE_ACCOUNT_CREDENTIALS,
    SecretsModule,
    PolicyRepository,
    ProjectAccess,
    ProjectAccessPolicy,
    ServiceAccountsRepository,
    PullSecrets,
    REPOSITORY_CATALOG,
  ],
})
export class AccessModule {}
