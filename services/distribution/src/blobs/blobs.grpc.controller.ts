import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { distributionV1 } from '@berth/proto';
import { toBlobDescriptor } from './blob-descriptor.mapper';
import { BlobsService } from './blobs.service';

@Controller()
export class BlobsGrpcController {
  constructor(private readonly blobs: BlobsService) {}

  @GrpcMethod('DistributionService', 'StatBlob')
  async statBlob(request: distributionV1.StatBlobRequest): Promise<distributionV1.StatBlobResponse> {
    return { blob: toBlobDescriptor(await this.blobs.stat(request.repository, request.digest)) };
  }

  @GrpcMethod('DistributionService', 'MountBlob')
  async mountBlob(request: distributionV1.MountBlobRequest): Promise<distributionV1.MountBlobResponse> {
    const result = await this.blobs.mount(request.repository, request.digest, request.from);
    return result.mounted
      ? { mounted: true, blob: toBlobDescriptor(result.blob) }
      : { mounted: false, blob: undefined };
  }

  @GrpcMethod('DistributionService', 'DeleteBlob')
  async deleteBlob(request: distributionV1.DeleteBlobRequest): Promise<distributionV1.DeleteBlobResponse> {
    await this.blobs.unlink(request.repository, request.digest);
    return {};
  }
}
