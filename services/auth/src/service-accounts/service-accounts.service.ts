import { Injectable } from '@nestjs/common';
import { BerthError, ErrorCode } from '@berth/errors';
import { randomUUID } from 'node:crypto';
import { ProjectAccess } from '../policy/project-access';
import type { AuthenticatedCall } from '../ports/caller-authenticator.port';
import { ProjectAudit } from '../projects/project-audit';
import { serviceAccountUsername } from '../users/principal';
import { PullSecrets } from './pull-secrets';
import type { ServiceAccountRecord, ServiceAccountWithSecret } from './service-account';
import { DEFAULT_SERVICE_ACCOUNTS, validateServiceAccountName } from './service-account-name';
import { ServiceAccountsRepository } from './service-accounts.repository';

/** The credentials a service account logs in with (`docker login -u <username> -p <password>`). */
export interface PullSecretCredentials {
  account: ServiceAccountRecord;
  username: string;
  password: string;
  createdAt: Date;
}

/** Service accounts of a project and their managed pull secrets. */
@Injectable()
export class ServiceAccountsService {
  constructor(
    private readonly accounts: ServiceAccountsRepository,
    private readonly pullSecrets: PullSecrets,
    private readonly access: ProjectAccess,
    private readonly audit: ProjectAudit,
  ) {}

  async create(call: AuthenticatedCall, projectName: string, name: string): Promise<ServiceAccountRecord> {
    validateServiceAccountName(name);
    const { project } = await this.access.asAdmin(call.principal, projectName);
    const id = randomUUID();
    const { stored } = this.pullSecrets.issue(id);
    if (!(await this.accounts.insert({ id, projectId: project.id, name, secret: stored }))) {
      throw new BerthError(
        ErrorCode.ALREADY_EXISTS,
        `service account ${JSON.stringify(name)} already exists in project ${JSON.stringify(projectName)}`,
      );
    }
    await this.audit.record(call, 'serviceaccount.created', projectName, `${projectName}:${name}`);
    return {
      id,
      projectId: project.id,
      project: projectName,
      name,
      createdAt: stored.createdAt,
      secretCreatedAt: stored.createdAt,
    };
  }

  async list(call: AuthenticatedCall, projectName: string): Promise<ServiceAccountRecord[]> {
    const { project } = await this.access.asMember(call.principal, projectName);
    return this.accounts.list(project.id);
  }

  /** Deletes the account and every binding naming it; `default` and `builder` cannot be deleted. */
  async delete(call: AuthenticatedCall, projectName: string, name: string): Promise<void> {
    const { project } = await this.access.asAdmin(call.principal, projectName);
    if ((DEFAULT_SERVICE_ACCOUNTS as readonly string[]).includes(name)) {
      throw new BerthError(
        ErrorCode.CONFLICT,
        `the service account ${JSON.stringify(name)} exists in every project and cannot be deleted`,
      );
    }
    if (!(await this.accounts.delete(project.id, project.name, name))) throw notFound(projectName, name);
    await this.audit.record(call, 'serviceaccount.deleted', projectName, `${projectName}:${name}`);
  }

  /** Project admins read the current pull secret again. */
  async getPullSecret(
    call: AuthenticatedCall,
    projectName: string,
    name: string,
  ): Promise<PullSecretCredentials> {
    const account = await this.adminFind(call, projectName, name);
    if (!account.secret) {
      throw new BerthError(
        ErrorCode.NOT_FOUND,
        `the pull secret of service account ${JSON.stringify(`${projectName}:${name}`)} was revoked; rotate it to create a new one`,
      );
    }
    const password = this.pullSecrets.reveal(account.id, account.secret);
    await this.audit.record(call, 'pullsecret.read', projectName, `${projectName}:${name}`);
    return credentials(account, password, account.secret.createdAt);
  }

  /** A new pull secret; the old one stops working for new logins at once. */
  async rotate(call: AuthenticatedCall, projectName: string, name: string): Promise<PullSecretCredentials> {
    const account = await this.adminFind(call, projectName, name);
    const { token, stored } = this.pullSecrets.issue(account.id);
    if (!(await this.accounts.setSecret(account.id, stored))) throw notFound(projectName, name);
    await this.audit.record(call, 'pullsecret.rotated', projectName, `${projectName}:${name}`);
    return credentials({ ...account, secretCreatedAt: stored.createdAt }, token, stored.createdAt);
  }

  /** Revokes the pull secret; none until the next rotation. */
  async revoke(call: AuthenticatedCall, projectName: string, name: string): Promise<void> {
    const account = await this.adminFind(call, projectName, name);
    if (!(await this.accounts.setSecret(account.id, null))) throw notFound(projectName, name);
    await this.audit.record(call, 'pullsecret.revoked', projectName, `${projectName}:${name}`);
  }

  private async adminFind(
    call: AuthenticatedCall,
    projectName: string,
    name: string,
  ): Promise<ServiceAccountWithSecret> {
    await this.access.asAdmin(call.principal, projectName);
    const account = await this.accounts.find(projectName, name);
    if (!account) throw notFound(projectName, name);
    return account;
  }
}

function credentials(
  account: ServiceAccountWithSecret,
  password: string,
  createdAt: Date,
): PullSecretCredentials {
  const { secret: _secret, ...record } = account;
  return {
    account: record,
    username: serviceAccountUsername(account.project, account.name),
    password,
    createdAt,
  };
}

function notFound(project: string, name: string): BerthError {
  return new BerthError(
    ErrorCode.NOT_FOUND,
    `service account ${JSON.stringify(name.slice(0, 80))} not found in project ${JSON.stringify(project)}`,
  );
}
