import { basicAuthorization, httpRequest, outcomeOf, type Credentials, type HttpReply } from './http';

export type SubjectKind = 'user' | 'group' | 'serviceaccount';

export interface Subject {
  kind: SubjectKind;
  name: string;
}

export interface PullSecretCredentials {
  username: string;
  password: string;
}

/**
 * The management REST API (`/api/v1`) as a registry administrator (or any caller) uses it.
 * `send` returns the raw reply; the named helpers expect success and throw with the reply
 * otherwise, so a failing setup step says exactly which call the server refused.
 */
export class RestClient {
  private readonly authorization: string | undefined;

  constructor(
    readonly base: string,
    creds?: Credentials | { bearer: string },
  ) {
    this.authorization =
      creds === undefined
        ? undefined
        : 'bearer' in creds
          ? `Bearer ${creds.bearer}`
          : basicAuthorization(creds);
  }

  send(method: string, path: string, body?: unknown): Promise<HttpReply> {
    const headers: Record<string, string> = {};
    if (this.authorization) headers.authorization = this.authorization;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return httpRequest(`${this.base}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async ok<T = unknown>(method: string, path: string, body?: unknown, status = 200): Promise<T> {
    const reply = await this.send(method, path, body);
    if (reply.status !== status) {
      const { code } = outcomeOf(reply);
      throw new Error(
        `${method} /api/v1${path} ${body === undefined ? '' : JSON.stringify(body)}: expected ${status}, got ${reply.status} ${code ?? ''} ${reply.text.slice(0, 300)}`,
      );
    }
    return (reply.text === '' ? undefined : reply.json<T>()) as T;
  }

  createUser(username: string, password: string, registryAdmin = false) {
    return this.ok('POST', '/users', { username, password, registryAdmin }, 201);
  }

  updateUser(username: string, patch: { disabled?: boolean; registryAdmin?: boolean }) {
    return this.ok('PATCH', `/users/${enc(username)}`, patch);
  }

  async createApiToken(username: string, name: string, expiresInDays?: number): Promise<string> {
    const res = await this.ok<{ secret: string }>(
      'POST',
      `/users/${enc(username)}/tokens`,
      { name, ...(expiresInDays === undefined ? {} : { expiresInDays }) },
      201,
    );
    return res.secret;
  }

  revokeApiToken(username: string, name: string) {
    return this.ok('DELETE', `/users/${enc(username)}/tokens/${enc(name)}`, undefined, 204);
  }

  createGroup(name: string) {
    return this.ok('POST', '/groups', { name }, 201);
  }

  addGroupMember(group: string, username: string) {
    return this.ok('PUT', `/groups/${enc(group)}/members/${enc(username)}`);
  }

  createProject(name: string, isPublic: boolean) {
    return this.ok<{ project: { name: string; public: boolean } }>(
      'POST',
      '/projects',
      { name, public: isPublic },
      201,
    );
  }

  addMember(project: string, subject: Subject, role: string) {
    return this.ok<{ member: { subject: Subject; role: string } }>(
      'POST',
      `/projects/${enc(project)}/members`,
      { subject, role },
      201,
    );
  }

  removeMember(project: string, subject: Subject) {
    return this.ok(
      'DELETE',
      `/projects/${enc(project)}/members/${enc(subject.kind)}/${enc(subject.name)}`,
      undefined,
      204,
    );
  }

  listMembers(project: string) {
    return this.ok<{ members: Array<{ subject: Subject; role: string }> }>(
      'GET',
      `/projects/${enc(project)}/members`,
    );
  }

  addRoleBinding(project: string, role: string, subject: Subject) {
    return this.ok('POST', `/projects/${enc(project)}/rolebindings`, { role, subject }, 201);
  }

  createServiceAccount(project: string, name: string) {
    return this.ok('POST', `/projects/${enc(project)}/serviceaccounts`, { name }, 201);
  }

  async pullSecret(project: string, name: string): Promise<PullSecretCredentials> {
    const res = await this.ok<{ pullSecret: PullSecretCredentials }>(
      'GET',
      `/projects/${enc(project)}/serviceaccounts/${enc(name)}/pull-secret`,
    );
    return { username: res.pullSecret.username, password: res.pullSecret.password };
  }

  async rotatePullSecret(project: string, name: string): Promise<PullSecretCredentials> {
    const res = await this.ok<{ pullSecret: PullSecretCredentials }>(
      'POST',
      `/projects/${enc(project)}/serviceaccounts/${enc(name)}/pull-secret`,
    );
    return { username: res.pullSecret.username, password: res.pullSecret.password };
  }

  revokePullSecret(project: string, name: string) {
    return this.ok(
      'DELETE',
      `/projects/${enc(project)}/serviceaccounts/${enc(name)}/pull-secret`,
      undefined,
      204,
    );
  }

  createRegistryCredential(
    project: string,
    cred: { name: string; server: string; username: string; password: string; email?: string },
  ) {
    return this.ok('POST', `/projects/${enc(project)}/secrets`, cred, 201);
  }

  setImageScope(repository: string, scope: 'global' | 'namespace') {
    return this.ok<{ repository: string; scope: string }>(
      'PUT',
      `/repositories/${repository.split('/').map(enc).join('/')}/scope`,
      { scope },
    );
  }

  whoami() {
    return this.ok<{ caller: { kind: string; subject: string; registryAdmin: boolean; groups: string[] } }>(
      'GET',
      '/whoami',
    );
  }
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}
