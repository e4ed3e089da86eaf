import { Controller, Inject } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import type { authIdentityV1 as pb } from '@berth/proto';
import { ApiTokensService } from '../api-tokens/api-tokens.service';
import { AuditEventsService } from '../audit/audit-events.service';
import { ObservedEventsService } from '../audit/observed-events.service';
import { GroupsService } from '../groups/groups.service';
import { CALLER_AUTHENTICATOR, type CallerAuthenticator } from '../ports/caller-authenticator.port';
import { UsersService } from '../users/users.service';
import { optional, toApiToken, toAuditEvent, toCaller, toGroup, toUser } from './identity.mapper';

const SERVICE = 'IdentityService';

/**
 * IdentityService: users, API tokens, groups, the audit log. Every method authenticates its
 * caller from the metadata; the domain services decide what the caller may do.
 */
@Controller()
export class IdentityGrpcController {
  constructor(
    @Inject(CALLER_AUTHENTICATOR) private readonly callers: CallerAuthenticator,
    private readonly users: UsersService,
    private readonly apiTokens: ApiTokensService,
    private readonly groups: GroupsService,
    private readonly observedEvents: ObservedEventsService,
    private readonly auditEvents: AuditEventsService,
  ) {}

  @GrpcMethod(SERVICE, 'WhoAmI')
  async whoAmI(_request: pb.WhoAmIRequest, metadata: Metadata): Promise<pb.WhoAmIResponse> {
    const { principal } = await this.callers.authenticate(metadata);
    return { caller: toCaller(principal) };
  }

  @GrpcMethod(SERVICE, 'CreateUser')
  async createUser(request: pb.CreateUserRequest, metadata: Metadata): Promise<pb.CreateUserResponse> {
    const call = await this.callers.authenticate(metadata);
    const created = await this.users.create(call, {
      username: request.username,
      password: optional(request.password),
      registryAdmin: request.registryAdmin,
    });
    const response: pb.CreateUserResponse = { user: toUser(created.user) };
    if (created.generatedPassword !== undefined) response.generatedPassword = created.generatedPassword;
    return response;
  }

  @GrpcMethod(SERVICE, 'GetUser')
  async getUser(request: pb.GetUserRequest, metadata: Metadata): Promise<pb.GetUserResponse> {
    const call = await this.callers.authenticate(metadata);
    return { user: toUser(await this.users.get(call, request.username)) };
  }

  @GrpcMethod(SERVICE, 'ListUsers')
  async listUsers(request: pb.ListUsersRequest, metadata: Metadata): Promise<pb.ListUsersResponse> {
    const call = await this.callers.authenticate(metadata);
    const page = await this.users.list(call, {
      limit: optional(request.limit),
      last: optional(request.last),
    });
    return { users: page.users.map(toUser), more: page.more };
  }

  @GrpcMethod(SERVICE, 'UpdateUser')
  async updateUser(request: pb.UpdateUserRequest, metadata: Metadata): Promise<pb.UpdateUserResponse> {
    const call = await this.callers.authenticate(metadata);
    const user = await this.users.update(call, {
      username: request.username,
      disabled: optional(request.disabled),
      registryAdmin: optional(request.registryAdmin),
    });
    return { user: toUser(user) };
  }

  @GrpcMethod(SERVICE, 'ChangePassword')
  async changePassword(
    request: pb.ChangePasswordRequest,
    metadata: Metadata,
  ): Promise<pb.ChangePasswordResponse> {
    const call = await this.callers.authenticate(metadata);
    const changed = await this.users.changePassword(call, {
      username: request.username,
      currentPassword: optional(request.currentPassword),
      newPassword: optional(request.newPassword),
    });
    return changed.generatedPassword === undefined ? {} : { generatedPassword: changed.generatedPassword };
  }

  @GrpcMethod(SERVICE, 'CreateApiToken')
  async createApiToken(
    request: pb.CreateApiTokenRequest,
    metadata: Metadata,
  ): Promise<pb.CreateApiTokenResponse> {
    const call = await this.callers.authenticate(metadata);
    const created = await this.apiTokens.create(call, {
      username: optional(request.username),
      name: request.name,
      expiresInDays: optional(request.expiresInDays),
    });
    return { token: toApiToken(created.token), secret: created.secret };
  }

  @GrpcMethod(SERVICE, 'ListApiTokens')
  async listApiTokens(
    request: pb.ListApiTokensRequest,
    metadata: Metadata,
  ): Promise<pb.ListApiTokensResponse> {
    const call = await this.callers.authenticate(metadata);
    const tokens = await this.apiTokens.list(call, optional(request.username));
    return { tokens: tokens.map(toApiToken) };
  }

  @GrpcMethod(SERVICE, 'RevokeApiToken')
  async revokeApiToken(
    request: pb.RevokeApiTokenRequest,
    metadata: Metadata,
  ): Promise<pb.RevokeApiTokenResponse> {
    const call = await this.callers.authenticate(metadata);
    await this.apiTokens.revoke(call, { username: optional(request.username), name: request.name });
    return {};
  }

  @GrpcMethod(SERVICE, 'CreateGroup')
  async createGroup(request: pb.CreateGroupRequest, metadata: Metadata): Promise<pb.CreateGroupResponse> {
    const call = await this.callers.authenticate(metadata);
    return { group: toGroup(await this.groups.create(call, request.name)) };
  }

  @GrpcMethod(SERVICE, 'ListGroups')
  async listGroups(_request: pb.ListGroupsRequest, metadata: Metadata): Promise<pb.ListGroupsResponse> {
    const call = await this.callers.authenticate(metadata);
    return { groups: (await this.groups.list(call)).map(toGroup) };
  }

  @GrpcMethod(SERVICE, 'GetGroup')
  async getGroup(request: pb.GetGroupRequest, metadata: Metadata): Promise<pb.GetGroupResponse> {
    const call = await this.callers.authenticate(metadata);
    return { group: toGroup(await this.groups.get(call, request.name)) };
  }

  @GrpcMethod(SERVICE, 'DeleteGroup')
  async deleteGroup(request: pb.DeleteGroupRequest, metadata: Metadata): Promise<pb.DeleteGroupResponse> {
    const call = await this.callers.authenticate(metadata);
    await this.groups.delete(call, request.name);
    return {};
  }

  @GrpcMethod(SERVICE, 'AddGroupMember')
  async addGroupMember(
    request: pb.AddGroupMemberRequest,
    metadata: Metadata,
  ): Promise<pb.AddGroupMemberResponse> {
    const call = await this.callers.authenticate(metadata);
    return { group: toGroup(await this.groups.addMember(call, request.group, request.username)) };
  }

  @GrpcMethod(SERVICE, 'RemoveGroupMember')
  async removeGroupMember(
    request: pb.RemoveGroupMemberRequest,
    metadata: Metadata,
  ): Promise<pb.RemoveGroupMemberResponse> {
    const call = await this.callers.authenticate(metadata);
    return { group: toGroup(await this.groups.removeMember(call, request.group, request.username)) };
  }

  @GrpcMethod(SERVICE, 'ListAuditEvents')
  async listAuditEvents(
    request: pb.ListAuditEventsRequest,
    metadata: Metadata,
  ): Promise<pb.ListAuditEventsResponse> {
    const call = await this.callers.authenticate(metadata);
    const page = await this.auditEvents.list(call, {
      project: optional(request.project),
      action: optional(request.action),
      actor: optional(request.actor),
      limit: optional(request.limit),
      before: optional(request.before),
    });
    return { events: page.events.map(toAuditEvent), more: page.more };
  }

  @GrpcMethod(SERVICE, 'RecordAuditEvent')
  async recordAuditEvent(
    request: pb.RecordAuditEventRequest,
    metadata: Metadata,
  ): Promise<pb.RecordAuditEventResponse> {
    const call = await this.callers.authenticate(metadata);
    await this.observedEvents.record(call, {
      action: request.action,
      project: request.project,
      target: request.target,
      outcome: request.outcome,
      details: { ...(request.details ?? {}) },
    });
    return {};
  }
}
