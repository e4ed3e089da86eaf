import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { distributionV1 } from '@berth/proto';
import { ManifestsService } from './manifests.service';

@Controller()
export class ManifestsGrpcController {
  constructor(private readonly manifests: ManifestsService) {}

  @GrpcMethod('DistributionService', 'PutManifest')
  async putManifest(request: distributionV1.PutManifestRequest): Promise<distributionV1.PutManifestResponse> {
    const result = await this.manifests.put({
      repository: request.repository,
      reference: request.reference,
      mediaType: request.mediaType,
      payload: Buffer.isBuffer(request.payload) ? request.payload : Buffer.from(request.payload),
      actor: request.actor,
    });
    return { digest: result.digest, subject: result.subject };
  }

  @GrpcMethod('DistributionService', 'GetManifest')
  async getManifest(request: distributionV1.GetManifestRequest): Promise<distributionV1.GetManifestResponse> {
    const manifest = await this.manifests.get(request.repository, request.digest);
    return {
      manifest: { digest: manifest.digest, mediaType: manifest.mediaType, payload: manifest.payload },
    };
  }

  @GrpcMethod('DistributionService', 'DeleteManifest')
  async deleteManifest(
    request: distributionV1.DeleteManifestRequest,
  ): Promise<distributionV1.DeleteManifestResponse> {
    await this.manifests.delete(request.repository, request.digest, request.actor ?? '');
    return {};
  }

  @GrpcMethod('DistributionService', 'DeleteRepository')
  async deleteRepository(
    request: distributionV1.DeleteRepositoryRequest,
  ): Promise<distributionV1.DeleteRepositoryResponse> {
    return { deletedManifests: await this.manifests.deleteRepository(request.repository) };
  }
}
