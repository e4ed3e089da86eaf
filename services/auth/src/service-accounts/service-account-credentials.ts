import { Injectable } from '@nestjs/common';
import { BerthError, ErrorCode } from '@berth/errors';
import { isProjectName } from '../projects/project-name';
import type { ServiceAccountCredentials } from '../ports/service-account-credentials.port';
import type { Principal } from '../users/principal';
import { serviceAccountSubject } from '../users/principal';
import { pullSecretIdOf, pullSecretMatches } from './pull-secret-token';
import { isServiceAccountName } from './service-account-name';
import type { ServiceAccountRecord } from './service-account';
import { ServiceAccountsRepository } from './service-accounts.repository';

const SUBJECT_PREFIX = 'system:serviceaccount:';

/**
 * Service-account logins: username `<project>+<name>`, password = the account's current
 * pull-secret token, verified against its SHA-256 in constant time. A username without `+` is
 * not a service account's (null: the caller tries users); one with `+` either is a service
 * account or fails with UNAUTHORIZED, never saying which part was wrong.
 */
@Injectable()
export class ServiceAccountLogins implements ServiceAccountCredentials {
  constructor(private readonly accounts: ServiceAccountsRepository) {}

  async authenticate(username: string, secret: string): Promise<Principal | null> {
    const plus = username.indexOf('+');
    if (plus < 0) return null;
    const project = username.slice(0, plus).toLowerCase();
    const name = username.slice(plus + 1).toLowerCase();
    const secretId = pullSecretIdOf(secret);
    if (!isProjectName(project) || !isServiceAccountName(name) || !secretId) throw loginFailed();
    const account = await this.accounts.find(project, name);
    const stored = account?.secret;
    if (!account || !stored || stored.id !== secretId || !pullSecretMatches(secret, stored.hash))
      throw loginFailed();
    return principalOf(account);
  }

  /**
   * The principal of a token subject `system:serviceaccount:<project>:<name>` whose account still
   * exists; null otherwise (deleted, or not a service-account subject).
   */
  async byServiceAccountSubject(subject: string): Promise<Principal | null> {
    if (!subject.startsWith(SUBJECT_PREFIX)) return null;
    const rest = subject.slice(SUBJECT_PREFIX.length);
    const colon = rest.indexOf(':');
    if (colon < 0) return null;
    const project = rest.slice(0, colon);
    const name = rest.slice(colon + 1);
    if (!isProjectName(project) || !isServiceAccountName(name)) return null;
    const account = await this.accounts.find(project, name);
    return account ? principalOf(account) : null;
  }
}

function principalOf(account: ServiceAccountRecord): Principal {
  return {
    kind: 'serviceaccount',
    subject: serviceAccountSubject(account.project, account.name),
    serviceAccountId: account.id,
    project: account.project,
    name: account.name,
  };
}

function loginFailed(): BerthError {
  return new BerthError(ErrorCode.UNAUTHORIZED, 'invalid username or password');
}
