import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { metadataV1 } from '@berth/proto';
import { descriptorToProto } from '../common/descriptor.mapper';
import { ReferrersService } from './referrers.service';

@Controller()
export class ReferrersGrpcController {
  constructor(private readonly referrers: ReferrersService) {}

  @GrpcMethod('MetadataService', 'ListReferrers')
  async listReferrers(request: metadataV1.ListReferrersRequest): Promise<metadataV1.ListReferrersResponse> {
    const referrers = await this.referrers.listReferrers(
      request.repository,
      request.digest,
      request.artifactType,
    );
    return { referrers: referrers.map(descriptorToProto) };
  }
}
