import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { BerthError, ErrorCode } from '@berth/errors';
import type { metadataV1 } from '@berth/proto';
import { descriptorFromProto } from '../common/descriptor.mapper';
import { ImagesService } from './images.service';

@Controller()
export class ImagesGrpcController {
  constructor(private readonly images: ImagesService) {}

  @GrpcMethod('MetadataService', 'RecordImage')
  async recordImage(request: metadataV1.RecordImageRequest): Promise<metadataV1.RecordImageResponse> {
    if (!request.manifest)
      throw new BerthError(ErrorCode.INVALID_ARGUMENT, 'manifest descriptor is required');
    const result = await this.images.recordImage({
      repository: request.repository,
      manifest: descriptorFromProto(request.manifest),
      tag: request.tag,
      subject: request.subject,
      config: request.config ? descriptorFromProto(request.config) : undefined,
      layers: (request.layers ?? []).map(descriptorFromProto),
      manifests: (request.manifests ?? []).map(descriptorFromProto),
      actor: request.actor,
    });
    return { repositoryCreated: result.repositoryCreated, previousDigest: result.previousDigest };
  }

  @GrpcMethod('MetadataService', 'DeleteImage')
  async deleteImage(request: metadataV1.DeleteImageRequest): Promise<metadataV1.DeleteImageResponse> {
    const removedTags = await this.images.deleteImage(request.repository, request.digest, request.actor);
    return { removedTags };
  }
}
