import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { metadataV1 } from '@berth/proto';
import { TagsService } from './tags.service';

@Controller()
export class TagsGrpcController {
  constructor(private readonly tags: TagsService) {}

  @GrpcMethod('MetadataService', 'ResolveTag')
  async resolveTag(request: metadataV1.ResolveTagRequest): Promise<metadataV1.ResolveTagResponse> {
    const resolved = await this.tags.resolveTag(request.repository, request.tag);
    return { digest: resolved.digest, mediaType: resolved.mediaType };
  }

  @GrpcMethod('MetadataService', 'ListTags')
  async listTags(request: metadataV1.ListTagsRequest): Promise<metadataV1.ListTagsResponse> {
    const page = await this.tags.listTags(request.repository, {
      limit: request.limit,
      last: request.last || undefined,
    });
    return { tags: page.items, more: page.more };
  }

  @GrpcMethod('MetadataService', 'DeleteTag')
  async deleteTag(request: metadataV1.DeleteTagRequest): Promise<metadataV1.DeleteTagResponse> {
    return { digest: await this.tags.deleteTag(request.repository, request.tag, request.actor) };
  }

  @GrpcMethod('MetadataService', 'GetTagHistory')
  async getTagHistory(request: metadataV1.GetTagHistoryRequest): Promise<metadataV1.GetTagHistoryResponse> {
    const events = await this.tags.tagHistory(request.repository, request.tag, request.limit);
    return {
      events: events.map((e) => ({
        digest: e.digest ?? '',
        createdAt: e.createdAt.toISOString(),
        actor: e.actor,
        action: e.action,
      })),
    };
  }
}
