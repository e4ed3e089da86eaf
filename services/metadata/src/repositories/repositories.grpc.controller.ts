import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { metadataV1 } from '@berth/proto';
import { RepositoriesService } from './repositories.service';

@Controller()
export class RepositoriesGrpcController {
  constructor(private readonly repositories: RepositoriesService) {}

  @GrpcMethod('MetadataService', 'ListRepositories')
  async listRepositories(
    request: metadataV1.ListRepositoriesRequest,
  ): Promise<metadataV1.ListRepositoriesResponse> {
    const page = await this.repositories.listRepositories(
      { limit: request.limit, last: request.last || undefined },
      request.namespace || undefined,
    );
    return { repositories: page.items, more: page.more };
  }

  @GrpcMethod('MetadataService', 'GetRepository')
  async getRepository(request: metadataV1.GetRepositoryRequest): Promise<metadataV1.GetRepositoryResponse> {
    const found = await this.repositories.getRepository(request.repository);
    return {
      repository: found.name,
      createdAt: found.createdAt.toISOString(),
      tagCount: found.tagCount,
      imageCount: found.imageCount,
    };
  }

  @GrpcMethod('MetadataService', 'DeleteRepository')
  async deleteRepository(
    request: metadataV1.DeleteRepositoryRequest,
  ): Promise<metadataV1.DeleteRepositoryResponse> {
    return { deletedImages: await this.repositories.deleteRepository(request.repository) };
  }
}
