import { Controller, Inject } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import type { authProjectsV1 } from '@berth/proto';
import { requireCredential } from '../authn/permissions';
import { CALLER_AUTHENTICATOR, type CallerAuthenticator } from '../ports/caller-authenticator.port';
import type { RegistryCredentialRecord } from './registry-credential';
import { RegistryCredentialsService } from './registry-credentials.service';

/** ProjectsService: registry credentials (never returned with their password). */
@Controller()
export class RegistryCredentialsGrpcController {
  constructor(
    private readonly credentials: RegistryCredentialsService,
    @Inject(CALLER_AUTHENTICATOR) private readonly callers: CallerAuthenticator,
  ) {}

  @GrpcMethod('ProjectsService', 'CreateRegistryCredential')
  async createRegistryCredential(
    request: authProjectsV1.CreateRegistryCredentialRequest,
    metadata: Metadata,
  ): Promise<authProjectsV1.CreateRegistryCredentialResponse> {
    const call = await this.callers.authenticate(metadata);
    requireCredential(call);
    const created = await this.credentials.create(call, request.project, {
      name: request.name,
      server: request.server,
      username: request.username,
      password: request.password,
      email: request.email ?? '',
    });
    return { credential: toProto(created) };
  }

  @GrpcMethod('ProjectsService', 'ListRegistryCredentials')
  async listRegistryCredentials(
    request: authProjectsV1.ListRegistryCredentialsRequest,
    metadata: Metadata,
  ): Promise<authProjectsV1.ListRegistryCredentialsResponse> {
    const call = await this.callers.authenticate(metadata);
    return { credentials: (await this.credentials.list(call, request.project)).map(toProto) };
  }

  @GrpcMethod('ProjectsService', 'DeleteRegistryCredential')
  async deleteRegistryCredential(
    request: authProjectsV1.DeleteRegistryCredentialRequest,
    metadata: Metadata,
  ): Promise<authProjectsV1.DeleteRegistryCredentialResponse> {
    const call = await this.callers.authenticate(metadata);
    await this.credentials.delete(call, request.project, request.name);
    return {};
  }
}

function toProto(credential: RegistryCredentialRecord): authProjectsV1.RegistryCredential {
  return {
    project: credential.project,
    name: credential.name,
    server: credential.server,
    username: credential.username,
    email: credential.email,
    createdAt: credential.createdAt.toISOString(),
  };
}
