import { Controller, Inject } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import type { authProjectsV1 } from '@berth/proto';
import { CALLER_AUTHENTICATOR, type CallerAuthenticator } from '../ports/caller-authenticator.port';
import { ProjectsService, type ProjectView } from './projects.service';

/** ProjectsService: projects themselves, and the catalog filter. */
@Controller()
export class ProjectsGrpcController {
  constructor(
    private readonly projects: ProjectsService,
    @Inject(CALLER_AUTHENTICATOR) private readonly callers: CallerAuthenticator,
  ) {}

  @GrpcMethod('ProjectsService', 'CreateProject')
  async createProject(
    request: authProjectsV1.CreateProjectRequest,
    metadata: Metadata,
  ): Promise<authProjectsV1.CreateProjectResponse> {
    const call = await this.callers.authenticate(metadata);
    return { project: toProto(await this.projects.create(call, request.name, request.public)) };
  }

  @GrpcMethod('ProjectsService', 'GetProject')
  async getProject(
    request: authProjectsV1.GetProjectRequest,
    metadata: Metadata,
  ): Promise<authProjectsV1.GetProjectResponse> {
    const call = await this.callers.authenticate(metadata);
    return { project: toProto(await this.projects.get(call, request.name)) };
  }

  @GrpcMethod('ProjectsService', 'ListProjects')
  async listProjects(
    request: authProjectsV1.ListProjectsRequest,
    metadata: Metadata,
  ): Promise<authProjectsV1.ListProjectsResponse> {
    const call = await this.callers.authenticate(metadata);
    const page = await this.projects.list(call, request.limit ?? undefined, request.last ?? undefined);
    return { projects: page.projects.map(toProto), more: page.more };
  }

  @GrpcMethod('ProjectsService', 'UpdateProject')
  async updateProject(
    request: authProjectsV1.UpdateProjectRequest,
    metadata: Metadata,
  ): Promise<authProjectsV1.UpdateProjectResponse> {
    const call = await this.callers.authenticate(metadata);
    return { project: toProto(await this.projects.update(call, request.name, request.public ?? undefined)) };
  }

  @GrpcMethod('ProjectsService', 'DeleteProject')
  async deleteProject(
    request: authProjectsV1.DeleteProjectRequest,
    metadata: Metadata,
  ): Promise<authProjectsV1.DeleteProjectResponse> {
    const call = await this.callers.authenticate(metadata);
    return { deletedRepositories: await this.projects.delete(call, request.name, request.force) };
  }

  @GrpcMethod('ProjectsService', 'FilterVisibleRepositories')
  async filterVisibleRepositories(
    request: authProjectsV1.FilterVisibleRepositoriesRequest,
    metadata: Metadata,
  ): Promise<authProjectsV1.FilterVisibleRepositoriesResponse> {
    const call = await this.callers.authenticate(metadata);
    return { repositories: await this.projects.filterVisibleRepositories(call, request.repositories ?? []) };
  }
}

function toProto(view: ProjectView): authProjectsV1.Project {
  return {
    name: view.project.name,
    public: view.project.public,
    createdAt: view.project.createdAt.toISOString(),
    createdBy: view.project.createdBy,
    repositoryCount: view.repositoryCount,
    callerRole: view.callerRole ?? '',
  };
}
