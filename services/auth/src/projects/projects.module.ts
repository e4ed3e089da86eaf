import { Module } from '@nestjs/common';
import { ImageScopeGrpcController } from '../image-scope/image-scope.grpc.controller';
import { ImageScopeService } from '../image-scope/image-scope.service';
import { ImageScopesRepository } from '../image-scope/image-scopes.repository';
import { AccessModule } from '../policy/access.module';
import { RegistryCredentialsGrpcController } from '../registry-credentials/registry-credentials.grpc.controller';
import { RegistryCredentialsRepository } from '../registry-credentials/registry-credentials.repository';
import { RegistryCredentialsService } from '../registry-credentials/registry-credentials.service';
import { ServiceAccountsGrpcController } from '../service-accounts/service-accounts.grpc.controller';
import { ServiceAccountsService } from '../service-accounts/service-accounts.service';
import { MembersGrpcController } from './members.grpc.controller';
import { MembersRepository } from './members.repository';
import { MembersService } from './members.service';
import { ProjectAudit } from './project-audit';
import { ProjectsGrpcController } from './projects.grpc.controller';
import { ProjectsRepository } from './projects.repository';
import { ProjectsService } from './projects.service';
import { RoleBindingsGrpcController } from './role-bindings.grpc.controller';
import { RoleBindingsRepository } from './role-bindings.repository';
import { RoleBindingsService } from './role-bindings.service';
import { SubjectDirectory } from './subject-directory';

/**
 * The ProjectsService gRPC API: projects, members, role bindings, service accounts and pull
 * secrets, registry credentials, image scopes. Builds on AccessModule; needs CALLER_AUTHENTICATOR
 * and AUDIT_LOG from the identity feature.
 */
@Module({
  imports: [AccessModule],
  controllers: [
    ProjectsGrpcController,
    MembersGrpcController,
    RoleBindingsGrpcController,
    ServiceAccountsGrpcController,
    RegistryCredentialsGrpcController,
    ImageScopeGrpcController,
  ],
  providers: [
    ProjectAudit,
    SubjectDirectory,
    ProjectsRepository,
    ProjectsService,
    MembersRepository,
    MembersService,
    RoleBindingsRepository,
    RoleBindingsService,
    ServiceAccountsService,
    RegistryCredentialsRepository,
    RegistryCredentialsService,
    ImageScopesRepository,
    ImageScopeService,
  ],
})
export class ProjectsModule {}
