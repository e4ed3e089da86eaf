import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { distributionV1 } from '@berth/proto';
import { toBlobDescriptor } from '../blobs/blob-descriptor.mapper';
import type { UploadSession } from './uploads.repository';
import { UploadsService } from './uploads.service';

@Controller()
export class UploadsGrpcController {
  constructor(private readonly uploads: UploadsService) {}

  @GrpcMethod('DistributionService', 'StartUpload')
  async startUpload(request: distributionV1.StartUploadRequest): Promise<distributionV1.StartUploadResponse> {
    return { session: toSessionMessage(await this.uploads.start(request.repository)) };
  }

  @GrpcMethod('DistributionService', 'GetUpload')
  async getUpload(request: distributionV1.GetUploadRequest): Promise<distributionV1.GetUploadResponse> {
    return { session: toSessionMessage(await this.uploads.get(request.repository, request.uploadId)) };
  }

  @GrpcMethod('DistributionService', 'CommitUpload')
  async commitUpload(
    request: distributionV1.CommitUploadRequest,
  ): Promise<distributionV1.CommitUploadResponse> {
    const blob = await this.uploads.commit(
      request.repository,
      request.uploadId,
      request.digest,
      request.size,
    );
    return { blob: toBlobDescriptor(blob) };
  }

  @GrpcMethod('DistributionService', 'CancelUpload')
  async cancelUpload(
    request: distributionV1.CancelUploadRequest,
  ): Promise<distributionV1.CancelUploadResponse> {
    await this.uploads.cancel(request.repository, request.uploadId);
    return {};
  }
}

function toSessionMessage(session: UploadSession): distributionV1.UploadSession {
  return {
    id: session.id,
    repository: session.repository,
    storageKey: session.storageKey,
    startedAt: session.startedAt.toISOString(),
  };
}
