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
    const page = await this.repositories.listRepositories({
      limit: request.limit,
      last: request.last || undefined,
    });
    return { repositories: page.items, more: page.more };
  }
}
