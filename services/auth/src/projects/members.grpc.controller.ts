import { Controller, Inject } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import type { authProjectsV1 } from '@berth/proto';
import { CALLER_AUTHENTICATOR, type CallerAuthenticator } from '../ports/caller-authenticator.port';
import type { Member } from './members.repository';
import { MembersService } from './members.service';

/** ProjectsService: project members. */
@Controller()
export class MembersGrpcController {
  constructor(
    private readonly members: MembersService,
    @Inject(CALLER_AUTHENTICATOR) private readonly callers: CallerAuthenticator,
  ) {}

  @GrpcMethod('ProjectsService', 'AddMember')
  async addMember(
    request: authProjectsV1.AddMemberRequest,
    metadata: Metadata,
  ): Promise<authProjectsV1.AddMemberResponse> {
    const call = await this.callers.authenticate(metadata);
    return { member: toProto(await this.members.add(call, request.project, request.subject, request.role)) };
  }

  @GrpcMethod('ProjectsService', 'ListMembers')
  async listMembers(
    request: authProjectsV1.ListMembersRequest,
    metadata: Metadata,
  ): Promise<authProjectsV1.ListMembersResponse> {
    const call = await this.callers.authenticate(metadata);
    return { members: (await this.members.list(call, request.project)).map(toProto) };
  }

  @GrpcMethod('ProjectsService', 'UpdateMember')
  async updateMember(
    request: authProjectsV1.UpdateMemberRequest,
    metadata: Metadata,
  ): Promise<authProjectsV1.UpdateMemberResponse> {
    const call = await this.callers.authenticate(metadata);
    return {
      member: toProto(await this.members.update(call, request.project, request.subject, request.role)),
    };
  }

  @GrpcMethod('ProjectsService', 'RemoveMember')
  async removeMember(
    request: authProjectsV1.RemoveMemberRequest,
    metadata: Metadata,
  ): Promise<authProjectsV1.RemoveMemberResponse> {
    const call = await this.callers.authenticate(metadata);
    await this.members.remove(call, request.project, request.subject);
    return {};
  }
}

function toProto(member: Member): authProjectsV1.Member {
  return {
    subject: { kind: member.subject.kind, name: member.subject.name },
    role: member.role,
    addedAt: member.addedAt.toISOString(),
  };
}
