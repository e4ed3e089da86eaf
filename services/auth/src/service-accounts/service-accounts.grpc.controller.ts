import { Controller, Inject } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import type { authProjectsV1 } from '@berth/proto';
import { requireCredential } from '../authn/permissions';
import { CALLER_AUTHENTICATOR, type CallerAuthenticator } from '../ports/caller-authenticator.port';
import { serviceAccountSubject, serviceAccountUsername } from '../users/principal';
import type { ServiceAccountRecord } from './service-account';
import { ServiceAccountsService, type PullSecretCredentials } from './service-accounts.service';

/** ProjectsService: service accounts and their pull secrets. */
@Controller()
export class ServiceAccountsGrpcController {
  constructor(
    private readonly accounts: ServiceAccountsService,
    @Inject(CALLER_AUTHENTICATOR) private readonly callers: CallerAuthenticator,
  ) {}

  @GrpcMethod('ProjectsService', 'CreateServiceAccount')
  async createServiceAccount(
    request: authProjectsV1.CreateServiceAccountRequest,
    metadata: Metadata,
  ): Promise<authProjectsV1.CreateServiceAccountResponse> {
    const call = await this.callers.authenticate(metadata);
    return { serviceAccount: toProto(await this.accounts.create(call, request.project, request.name)) };
  }

  @GrpcMethod('ProjectsService', 'ListServiceAccounts')
  async listServiceAccounts(
    request: authProjectsV1.ListServiceAccountsRequest,
    metadata: Metadata,
  ): Promise<authProjectsV1.ListServiceAccountsResponse> {
    const call = await this.callers.authenticate(metadata);
    return { serviceAccounts: (await this.accounts.list(call, request.project)).map(toProto) };
  }

  @GrpcMethod('ProjectsService', 'DeleteServiceAccount')
  async deleteServiceAccount(
    request: authProjectsV1.DeleteServiceAccountRequest,
    metadata: Metadata,
  ): Promise<authProjectsV1.DeleteServiceAccountResponse> {
    const call = await this.callers.authenticate(metadata);
    await this.accounts.delete(call, request.project, request.name);
    return {};
  }

  @GrpcMethod('ProjectsService', 'GetPullSecret')
  async getPullSecret(
    request: authProjectsV1.GetPullSecretRequest,
    metadata: Metadata,
  ): Promise<authProjectsV1.GetPullSecretResponse> {
    const call = await this.callers.authenticate(metadata);
    requireCredential(call);
    return withSecret(await this.accounts.getPullSecret(call, request.project, request.name));
  }

  @GrpcMethod('ProjectsService', 'RotatePullSecret')
  async rotatePullSecret(
    request: authProjectsV1.RotatePullSecretRequest,
    metadata: Metadata,
  ): Promise<authProjectsV1.RotatePullSecretResponse> {
    const call = await this.callers.authenticate(metadata);
    requireCredential(call);
    return withSecret(await this.accounts.rotate(call, request.project, request.name));
  }

  @GrpcMethod('ProjectsService', 'RevokePullSecret')
  async revokePullSecret(
    request: authProjectsV1.RevokePullSecretRequest,
    metadata: Metadata,
  ): Promise<authProjectsV1.RevokePullSecretResponse> {
    const call = await this.callers.authenticate(metadata);
    await this.accounts.revoke(call, request.project, request.name);
    return {};
  }
}

function toProto(account: ServiceAccountRecord): authProjectsV1.ServiceAccount {
  return {
    project: account.project,
    name: account.name,
    subject: serviceAccountSubject(account.project, account.name),
    username: serviceAccountUsername(account.project, account.name),
    createdAt: account.createdAt.toISOString(),
    pullSecretCreatedAt: account.secretCreatedAt?.toISOString() ?? '',
  };
}

function withSecret(credentials: PullSecretCredentials): authProjectsV1.GetPullSecretResponse {
  return {
    serviceAccount: toProto(credentials.account),
    pullSecret: {
      username: credentials.username,
      password: credentials.password,
      createdAt: credentials.createdAt.toISOString(),
    },
  };
}
