import { Injectable } from '@nestjs/common';
import { BerthError, ErrorCode } from '@berth/errors';
import { randomUUID } from 'node:crypto';
import { ProjectAccess } from '../policy/project-access';
import type { AuthenticatedCall } from '../ports/caller-authenticator.port';
import { ProjectAudit } from '../projects/project-audit';
import { SecretsCipher } from '../secrets/secrets-cipher';
import {
  credentialContext,
  validateCredentialFields,
  validateCredentialName,
  type RegistryCredentialRecord,
} from './registry-credential';
import { RegistryCredentialsRepository } from './registry-credentials.repository';
import { normalizeRegistryServer } from './registry-server';

export interface NewCredentialInput {
  name: string;
  server: string;
  username: string;
  password: string;
  email: string;
}

/** Credentials for other registries, kept per project with the password encrypted at rest. */
@Injectable()
export class RegistryCredentialsService {
  constructor(
    private readonly credentials: RegistryCredentialsRepository,
    private readonly cipher: SecretsCipher,
    private readonly access: ProjectAccess,
    private readonly audit: ProjectAudit,
  ) {}

  async create(
    call: AuthenticatedCall,
    projectName: string,
    input: NewCredentialInput,
  ): Promise<RegistryCredentialRecord> {
    validateCredentialName(input.name);
    const server = normalizeRegistryServer(input.server);
    const email = input.email.trim();
    validateCredentialFields({ username: input.username, password: input.password, email });
    const { project } = await this.access.asAdmin(call.principal, projectName);
    const id = randomUUID();
    const created = await this.credentials.insert({
      id,
      projectId: project.id,
      name: input.name,
      server,
      username: input.username,
      email,
      password: this.cipher.seal(input.password, credentialContext(id)),
      createdBy: call.principal.subject,
    });
    if (!created) {
      throw new BerthError(
        ErrorCode.ALREADY_EXISTS,
        `credential ${JSON.stringify(input.name)} already exists in project ${JSON.stringify(projectName)}`,
      );
    }
    await this.audit.record(call, 'credential.created', projectName, input.name, { server });
    return created;
  }

  /** Admins and maintainers (who manage imports) list them; passwords are never returned. */
  async list(call: AuthenticatedCall, projectName: string): Promise<RegistryCredentialRecord[]> {
    const { project } = await this.access.asMaintainer(call.principal, projectName);
    return this.credentials.list(project.id);
  }

  async delete(call: AuthenticatedCall, projectName: string, name: string): Promise<void> {
    const { project } = await this.access.asAdmin(call.principal, projectName);
    if (!(await this.credentials.delete(project.id, name))) {
      throw new BerthError(
        ErrorCode.NOT_FOUND,
        `credential ${JSON.stringify(name.slice(0, 80))} not found in project ${JSON.stringify(projectName)}`,
      );
    }
    await this.audit.record(call, 'credential.deleted', projectName, name);
  }
}
