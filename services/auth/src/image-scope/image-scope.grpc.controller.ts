import { Controller, Inject } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import type { authProjectsV1 } from '@berth/proto';
import { CALLER_AUTHENTICATOR, type CallerAuthenticator } from '../ports/caller-authenticator.port';
import { ImageScopeService } from './image-scope.service';

/** ProjectsService: image scope of repositories. */
@Controller()
export class ImageScopeGrpcController {
  constructor(
    private readonly scopes: ImageScopeService,
    @Inject(CALLER_AUTHENTICATOR) private readonly callers: CallerAuthenticator,
  ) {}

  @GrpcMethod('ProjectsService', 'SetImageScope')
  async setImageScope(
    request: authProjectsV1.SetImageScopeRequest,
    metadata: Metadata,
  ): Promise<authProjectsV1.SetImageScopeResponse> {
    const call = await this.callers.authenticate(metadata);
    return {
      repository: request.repository,
      scope: await this.scopes.set(call, request.repository, request.scope),
    };
  }

  @GrpcMethod('ProjectsService', 'GetImageScope')
  async getImageScope(
    request: authProjectsV1.GetImageScopeRequest,
    metadata: Metadata,
  ): Promise<authProjectsV1.GetImageScopeResponse> {
    const call = await this.callers.authenticate(metadata);
    return { repository: request.repository, scope: await this.scopes.get(call, request.repository) };
  }
}
