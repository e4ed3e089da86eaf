import { Controller, Inject } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import type { authProjectsV1 } from '@berth/proto';
import { CALLER_AUTHENTICATOR, type CallerAuthenticator } from '../ports/caller-authenticator.port';
import type { RoleBinding } from './role-bindings.repository';
import { RoleBindingsService } from './role-bindings.service';

/** ProjectsService: fine-grained role bindings. */
@Controller()
export class RoleBindingsGrpcController {
  constructor(
    private readonly bindings: RoleBindingsService,
    @Inject(CALLER_AUTHENTICATOR) private readonly callers: CallerAuthenticator,
  ) {}

  @GrpcMethod('ProjectsService', 'AddRoleBinding')
  async addRoleBinding(
    request: authProjectsV1.AddRoleBindingRequest,
    metadata: Metadata,
  ): Promise<authProjectsV1.AddRoleBindingResponse> {
    const call = await this.callers.authenticate(metadata);
    return {
      binding: toProto(await this.bindings.add(call, request.project, request.role, request.subject)),
    };
  }

  @GrpcMethod('ProjectsService', 'RemoveRoleBinding')
  async removeRoleBinding(
    request: authProjectsV1.RemoveRoleBindingRequest,
    metadata: Metadata,
  ): Promise<authProjectsV1.RemoveRoleBindingResponse> {
    const call = await this.callers.authenticate(metadata);
    await this.bindings.remove(call, request.project, request.role, request.subject);
    return {};
  }

  @GrpcMethod('ProjectsService', 'ListRoleBindings')
  async listRoleBindings(
    request: authProjectsV1.ListRoleBindingsRequest,
    metadata: Metadata,
  ): Promise<authProjectsV1.ListRoleBindingsResponse> {
    const call = await this.callers.authenticate(metadata);
    return {
      bindings: (await this.bindings.list(call, request.project, request.role ?? undefined)).map(toProto),
    };
  }
}

function toProto(binding: RoleBinding): authProjectsV1.RoleBinding {
  return {
    project: binding.project,
    role: binding.role,
    subject: { kind: binding.subject.kind, name: binding.subject.name },
    createdAt: binding.createdAt.toISOString(),
  };
}
